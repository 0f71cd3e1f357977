package io.jkasan.runtime.options;

/** What the reporter does after printing a report (kernel {@code kasan.fault}). */
public enum FaultPolicy {
    /** Continue; a flagged write is skipped. */
    REPORT,
    /** Throw {@code io.jkasan.KasanError} at the faulting access. */
    THROW,
    /** Halt the JVM with the configured exit code. */
    PANIC
}
