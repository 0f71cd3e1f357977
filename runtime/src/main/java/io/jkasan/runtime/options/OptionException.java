package io.jkasan.runtime.options;

/** Thrown when an option key is unknown or its value malformed; the message names both. */
public final class OptionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @param message one line naming the key and the accepted values */
    public OptionException(String message) {
        super(message);
    }
}
