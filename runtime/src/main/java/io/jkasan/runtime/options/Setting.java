package io.jkasan.runtime.options;

/**
 * One option as one source gave it: the text, the value its type parsed from it, and the source.
 *
 * @param option the option
 * @param text the value as given, without surrounding blanks
 * @param value the parsed value
 * @param source where it came from
 */
record Setting(Option option, String text, Object value, Source source) {

    /**
     * Parses a value with the option's type.
     *
     * @throws OptionException naming the key, the source and the accepted values if the type refuses it
     */
    static Setting parse(Option option, String text, Source source) {
        try {
            return new Setting(option, text, option.type().parse(text), source);
        } catch (InvalidValueException e) {
            throw refusal(option, text, source, e.getMessage());
        }
    }

    /** @return where the value came from, e.g. {@code -Djkasan.fault} */
    String where() {
        return source.where(option.key());
    }

    /** @return {@code key=text (in source)}, for messages about another option */
    String describe() {
        return option.key() + "=" + OptionException.printable(text) + " (in " + where() + ")";
    }

    /**
     * @param reason what is wrong and what is accepted
     * @return the one-line refusal of this setting
     */
    OptionException refusal(String reason) {
        return refusal(option, text, source, reason);
    }

    private static OptionException refusal(Option option, String text, Source source, String reason) {
        return new OptionException("jkasan: bad value '" + OptionException.printable(text) + "' for "
                + option.key() + " (in " + source.where(option.key()) + "): " + reason);
    }
}
