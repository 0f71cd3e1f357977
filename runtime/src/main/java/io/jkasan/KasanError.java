package io.jkasan;

/**
 * Thrown at a faulting access when {@code fault=throw}, and always for an access that would crash the JVM
 * (for example {@code null-ptr-deref}). An {@link Error}, like {@link AssertionError}: code under test should
 * not catch it by accident.
 */
public final class KasanError extends Error {
    private static final long serialVersionUID = 1L;

    /** The report that caused this error. */
    private final transient KasanReport report;

    /**
     * @param report the report that caused the error
     */
    public KasanError(KasanReport report) {
        super("KASAN: " + report.bugType() + " " + report.title());
        this.report = report;
    }

    /** @return the report that caused this error */
    public KasanReport report() {
        return report;
    }
}
