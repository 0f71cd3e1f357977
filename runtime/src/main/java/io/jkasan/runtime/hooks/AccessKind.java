package io.jkasan.runtime.hooks;

/** What an {@code Unsafe} method does to memory, as far as checking is concerned. */
public enum AccessKind {
    /** A load. */
    READ,
    /** A store. */
    WRITE,
    /** A read-modify-write (CAS, exchange, get-and-op), checked as a write as the kernel checks atomics. */
    ATOMIC,
    /** {@code copyMemory}/{@code copySwapMemory}: source read of N, then destination write of N. */
    COPY,
    /** {@code setMemory}: write of N. */
    SET,
    /** {@code allocateMemory}. */
    ALLOCATE,
    /** {@code reallocateMemory}. */
    REALLOCATE,
    /** {@code freeMemory}. */
    FREE
}
