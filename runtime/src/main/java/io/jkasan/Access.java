package io.jkasan;

/** The kind of memory operation a report is about. */
public enum Access {
    /** A load: the report says {@code Read of size N}. */
    READ,
    /** A store: the report says {@code Write of size N}. */
    WRITE,
    /** A free: the report says {@code Free of addr}. */
    FREE
}
