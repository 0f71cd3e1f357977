package io.jkasan.runtime.options;

/**
 * How the text of one option becomes a typed value, and how the accepted values are put into words.
 *
 * <p>Each {@link Option} carries one instance, so the parser, the range check, the error message and the
 * row of {@code docs/options.md} all come from the same place.
 *
 * @param <T> the type of the parsed value
 */
public abstract sealed class ValueType<T>
        permits BooleanType, WordsType, IntRangeType, SizeType, PathPrefixType, GlobsType {

    ValueType() {
    }

    /**
     * Parses and range-checks one value.
     *
     * @param text the value as given, without surrounding blanks
     * @return the typed value
     * @throws InvalidValueException if the text is not accepted; its message says what is
     */
    abstract T parse(String text) throws InvalidValueException;

    /** @return the accepted values in the short form of the documentation table, e.g. {@code 0..255} */
    public abstract String syntax();

    /** @return the accepted values as an error message states them, e.g. {@code an integer from 0 to 255} */
    public abstract String expected();

    /** @return the reason for refusing a value: what is expected */
    final InvalidValueException refusal() {
        return new InvalidValueException("expected " + expected());
    }
}
