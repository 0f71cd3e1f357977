package io.jkasan.runtime.options;

/**
 * {@code true} or {@code false}, spelled exactly so: {@code 1}, {@code yes} or {@code TRUE} are refused
 * rather than guessed at, because a misread switch silently changes what is checked.
 */
public final class BooleanType extends ValueType<Boolean> {
    /** The only instance: the type has no parameters. */
    public static final BooleanType INSTANCE = new BooleanType();

    private BooleanType() {
    }

    @Override
    Boolean parse(String text) throws InvalidValueException {
        if (text.equals("true")) {
            return Boolean.TRUE;
        }
        if (text.equals("false")) {
            return Boolean.FALSE;
        }
        throw refusal();
    }

    @Override
    public String syntax() {
        return "true|false";
    }

    @Override
    public String expected() {
        return "true or false";
    }
}
