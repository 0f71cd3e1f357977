package io.jkasan.junit;

import io.jkasan.KasanReport;
import java.util.List;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * When the launcher session closes, fails the run for reports that nothing else failed on: made after the
 * last test class (by a thread outliving its test), or in a run where no class used {@link KasanExtension}
 * (docs/usage.md, "In test suites"). Registered through {@code META-INF/services}; the launcher calls it,
 * not tests.
 *
 * <p>Its exception leaves the launcher session: Surefire then fails the build with "There was an error in
 * the forked process" and this message, which carries every report in full.
 */
public final class KasanSessionListener implements LauncherSessionListener {
    /** Creates the listener; the launcher calls this. */
    public KasanSessionListener() {
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        ReportLedger ledger = ReportLedger.installedOrNull();
        if (ledger == null) {
            return; // nothing ran under jkasan in this session
        }
        List<KasanReport> reports = ledger.takeRun();
        if (!reports.isEmpty()) {
            throw ReportFailure.of("KASAN: " + ReportFailure.count(reports.size()) + " after the last test "
                    + "class, or in a run where no class used KasanExtension", reports);
        }
    }
}
