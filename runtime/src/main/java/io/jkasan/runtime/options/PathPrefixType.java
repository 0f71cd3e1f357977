package io.jkasan.runtime.options;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The prefix of a file name to which {@code .<pid>} is appended ({@code log_path}). Only its form is
 * checked here; whether the file can be created is decided when the runtime opens it at start-up.
 */
public final class PathPrefixType extends ValueType<Path> {
    /** The only instance: the type has no parameters. */
    public static final PathPrefixType INSTANCE = new PathPrefixType();

    private PathPrefixType() {
    }

    @Override
    Path parse(String text) throws InvalidValueException {
        // Empty would name ".<pid>" in the working directory and a trailing '/' a hidden file in a
        // directory: both are far more likely slips than intentions.
        if (text.isEmpty() || text.endsWith("/")) {
            throw refusal();
        }
        try {
            return Paths.get(text);
        } catch (InvalidPathException e) {
            throw refusal();
        }
    }

    @Override
    public String syntax() {
        return "path prefix";
    }

    @Override
    public String expected() {
        return "a file path prefix (not empty, not ending in '/'); reports go to PATH.<pid>";
    }
}
