package io.jkasan.junit;

import io.jkasan.KasanReport;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

/**
 * Fails the Jupiter engine, after its last test class, for reports made while no test or class that
 * {@link KasanExtension} watches ran: between classes, in classes without the extension, or by threads
 * outliving their test. JUnit closes the root context's store when the engine finishes, and a failure there
 * fails the engine's node, which build tools count as a failed test (Surefire since 3.0.0-M5).
 */
final class RunCheck implements AutoCloseable {
    private static final Namespace NAMESPACE = Namespace.create(RunCheck.class);

    private final ReportLedger ledger;

    private RunCheck(ReportLedger ledger) {
        this.ledger = ledger;
    }

    /** @param root the engine's root context, whose store is closed when the engine finishes */
    static void registerWith(ExtensionContext root) {
        root.getStore(NAMESPACE).computeIfAbsent(RunCheck.class, k -> new RunCheck(ReportLedger.installed()),
                RunCheck.class);
    }

    @Override
    public void close() {
        List<KasanReport> reports = ledger.takeRun();
        if (!reports.isEmpty()) {
            throw ReportFailure.of("KASAN: " + ReportFailure.count(reports.size()) + " while no test or class "
                    + "that KasanExtension watches ran (between test classes, in a class without the extension, "
                    + "or from a thread outliving its test)", reports);
        }
    }
}
