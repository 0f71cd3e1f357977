package io.jkasan.maven;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits and joins command lines as Surefire reads its argLine: arguments separated by whitespace, double
 * quotes around an argument that holds whitespace.
 */
final class CommandLine {
    private CommandLine() {
    }

    /**
     * @param line a command line
     * @return its arguments, without their quotes
     */
    static List<String> split(String line) {
        List<String> args = new ArrayList<>();
        StringBuilder current = null;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                current = current == null ? new StringBuilder() : current;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (current != null) {
                    args.add(current.toString());
                    current = null;
                }
            } else {
                current = current == null ? new StringBuilder() : current;
                current.append(c);
            }
        }
        if (current != null) {
            args.add(current.toString());
        }
        return args;
    }

    /**
     * @param args arguments
     * @return them on one line, each holding whitespace in double quotes
     */
    static String join(List<String> args) {
        StringBuilder line = new StringBuilder();
        for (String a : args) {
            if (line.length() > 0) {
                line.append(' ');
            }
            boolean quote = a.isEmpty() || a.chars().anyMatch(Character::isWhitespace);
            line.append(quote ? "\"" + a + "\"" : a);
        }
        return line.toString();
    }
}
