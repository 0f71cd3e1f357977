package io.jkasan.runtime.options;

/**
 * A refused option: an unknown key, a malformed pair, a key given twice in one source, a value its type
 * does not accept, or a value the runtime could not honour at start-up (an arena that cannot be reserved,
 * a {@code log_path} file that cannot be created). The message is one line that names the key, where it
 * came from and what is accepted; the agent prints it and exits with status 2.
 */
public final class OptionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @param message one line, starting with {@code jkasan: } */
    public OptionException(String message) {
        super(message);
    }

    /**
     * Makes user text safe to quote in a one-line message: a line break or other control character inside
     * a value (possible in {@code JKASAN_OPTIONS}) would otherwise split the message.
     *
     * @param text any text
     * @return the text with control characters written as {@code \n}, {@code \t} or {@code \}{@code uXXXX}
     */
    public static String printable(String text) {
        StringBuilder s = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                s.append("\\n");
            } else if (c == '\t') {
                s.append("\\t");
            } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                s.append(String.format("\\u%04x", (int) c));
            } else {
                s.append(c);
            }
        }
        return s.toString();
    }
}
