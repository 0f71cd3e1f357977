package io.jkasan.junit;

import io.jkasan.Jkasan;
import io.jkasan.KasanReport;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Charges every report the runtime makes to the scope of the test run it happened in, until a test, a class
 * or the end of the run claims it or fails on it (docs/usage.md, "In test suites"). One per JVM, fed by a
 * report listener installed once.
 *
 * <p>A report is charged to the scope bound to the reporting thread (the thread running a test's or a
 * class's lifecycle), or to its nearest open ancestor; a report from any other thread goes to the scope
 * opened last among those still open, which in a sequential run is the test or class running at that
 * moment; with none open, to the run itself. Reports made before the ledger was installed are charged to
 * the run.
 */
final class ReportLedger {
    private static volatile ReportLedger installed;

    private final ReportScope run = new ReportScope(
            "the test run, outside any test or class that KasanExtension watched", null);
    private final List<ReportScope> openScopes = new ArrayList<>();
    private final ThreadLocal<ReportScope> bound = new ThreadLocal<>();

    private ReportLedger() {
    }

    /**
     * The JVM's ledger, installed on first use. Call only once the agent runs (see {@link AgentAttachment}):
     * this loads the runtime's API classes.
     *
     * @return the ledger
     */
    static ReportLedger installed() {
        ReportLedger ledger = installed;
        if (ledger == null) {
            synchronized (ReportLedger.class) {
                ledger = installed;
                if (ledger == null) {
                    ledger = new ReportLedger();
                    ledger.listen();
                    installed = ledger;
                }
            }
        }
        return ledger;
    }

    /** @return the JVM's ledger, or {@code null} if nothing installed it (no test ran under jkasan) */
    static ReportLedger installedOrNull() {
        return installed;
    }

    /** Listens first, then adopts earlier reports, so that none falls between the two. */
    private void listen() {
        Jkasan.addReportListener(this::record);
        Set<KasanReport> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        synchronized (this) {
            seen.addAll(run.peek());
            for (KasanReport earlier : Jkasan.reports()) {
                if (!seen.contains(earlier)) {
                    run.charge(earlier);
                }
            }
        }
    }

    private void record(KasanReport report) {
        ReportScope scope = bound.get();
        synchronized (this) {
            chargeableScope(scope).charge(report);
        }
    }

    private ReportScope chargeableScope(ReportScope boundScope) {
        for (ReportScope s = boundScope; s != null; s = s.parent()) {
            if (s.isOpen()) {
                return s;
            }
        }
        return openScopes.isEmpty() ? run : openScopes.get(openScopes.size() - 1);
    }

    /**
     * Opens a scope and binds it to the calling thread.
     *
     * @param description what it is, for failure messages
     * @param parent the enclosing scope, {@code null} for the run
     * @return the new scope
     */
    synchronized ReportScope open(String description, ReportScope parent) {
        ReportScope scope = new ReportScope(description, parent == null ? run : parent);
        openScopes.add(scope);
        bound.set(scope);
        return scope;
    }

    /** @param scope an open scope, now running on the calling thread */
    void bind(ReportScope scope) {
        bound.set(scope);
    }

    /**
     * Closes a scope and hands back what was charged to it; the calling thread goes back to the parent.
     *
     * @param scope an open scope
     * @return the reports charged to it and not claimed, oldest first
     */
    synchronized List<KasanReport> close(ReportScope scope) {
        scope.close();
        openScopes.remove(scope);
        if (bound.get() == scope) {
            bound.set(scope.parent() == run ? null : scope.parent());
        }
        return scope.takeAll();
    }

    /**
     * Closes a scope nobody checked (its test never got to {@code afterEach}) and charges its reports to the
     * nearest open ancestor, so that they still fail something.
     *
     * @param scope a scope, open or not
     */
    synchronized void abandon(ReportScope scope) {
        if (!scope.isOpen()) {
            return;
        }
        List<KasanReport> left = close(scope);
        ReportScope heir = chargeableScope(scope.parent());
        for (KasanReport r : left) {
            heir.charge(r);
        }
    }

    /** @return the scope a report made now on the calling thread is charged to */
    synchronized ReportScope currentScope() {
        return chargeableScope(bound.get());
    }

    /**
     * @param scope a scope
     * @return its unclaimed reports, oldest first, now taken out of it
     */
    synchronized List<KasanReport> takeAll(ReportScope scope) {
        return scope.takeAll();
    }

    /**
     * @param scope a scope
     * @return its oldest unclaimed report, now taken out of it, or {@code null}
     */
    synchronized KasanReport takeOldest(ReportScope scope) {
        return scope.takeOldest();
    }

    /** @return the unclaimed reports charged to the run itself, now taken out of it */
    synchronized List<KasanReport> takeRun() {
        return run.takeAll();
    }
}
