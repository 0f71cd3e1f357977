package io.jkasan.runtime.options;

import java.util.Locale;

/**
 * One of a fixed set of words, each the lower-case name of a constant of an enum: {@code fault=throw} is
 * {@link FaultPolicy#THROW}. Spelled exactly, lower case only, as the documentation writes them.
 *
 * @param <E> the enum whose constants are the words
 */
public final class WordsType<E extends Enum<E>> extends ValueType<E> {
    private final E[] constants;

    /** @param type the enum; its constants, in declaration order, are the accepted words */
    public WordsType(Class<E> type) {
        this.constants = type.getEnumConstants();
    }

    @Override
    E parse(String text) throws InvalidValueException {
        for (E e : constants) {
            if (word(e).equals(text)) {
                return e;
            }
        }
        throw refusal();
    }

    @Override
    public String syntax() {
        return String.join("|", words());
    }

    @Override
    public String expected() {
        String[] words = words();
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < words.length; i++) {
            if (i > 0) {
                s.append(i == words.length - 1 ? " or " : ", ");
            }
            s.append(words[i]);
        }
        return s.toString();
    }

    private String[] words() {
        String[] words = new String[constants.length];
        for (int i = 0; i < constants.length; i++) {
            words[i] = word(constants[i]);
        }
        return words;
    }

    private static String word(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
