package io.jkasan.runtime.options;

/**
 * A value its {@link ValueType} does not accept. Checked, and without key or source: {@link Options} knows
 * both and turns it into the {@link OptionException} a user sees.
 */
final class InvalidValueException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param reason what is wrong and what is accepted, e.g. {@code expected true or false} */
    InvalidValueException(String reason) {
        super(reason, null, false, false);
    }
}
