package io.jkasan.junit;

import io.jkasan.KasanReport;
import java.util.ArrayList;
import java.util.List;

/**
 * A stretch of a test run that reports are charged to: the whole run, a test class (its static initialiser,
 * {@code @BeforeAll}, {@code @AfterAll}, a {@code PER_CLASS} constructor), or one test (its constructor,
 * {@code @BeforeEach}, the test, {@code @AfterEach}). Holds the reports charged to it that nobody has claimed
 * or failed on yet. Guarded by the {@link ReportLedger} that made it.
 */
final class ReportScope {
    private final String description;
    private final ReportScope parent;
    private final List<KasanReport> pending = new ArrayList<>();
    private boolean open = true;

    /**
     * @param description what the scope is, for failure messages, e.g. {@code test FooTest.reads()}
     * @param parent the enclosing scope, {@code null} for the whole run
     */
    ReportScope(String description, ReportScope parent) {
        this.description = description;
        this.parent = parent;
    }

    /** @return what the scope is, for failure messages */
    String description() {
        return description;
    }

    /** @return the enclosing scope, {@code null} for the whole run */
    ReportScope parent() {
        return parent;
    }

    /** @return whether reports may still be charged to this scope */
    boolean isOpen() {
        return open;
    }

    /** Stops charging reports to this scope; later ones go to the nearest open ancestor. */
    void close() {
        open = false;
    }

    /** @param report a report made during this scope */
    void charge(KasanReport report) {
        pending.add(report);
    }

    /** @return the reports charged and not yet taken, oldest first; the scope keeps none of them */
    List<KasanReport> takeAll() {
        List<KasanReport> taken = new ArrayList<>(pending);
        pending.clear();
        return taken;
    }

    /** @return the oldest report charged and not yet taken, removed from the scope, or {@code null} */
    KasanReport takeOldest() {
        return pending.isEmpty() ? null : pending.remove(0);
    }

    /** @return the reports charged and not yet taken, oldest first */
    List<KasanReport> peek() {
        return new ArrayList<>(pending);
    }
}
