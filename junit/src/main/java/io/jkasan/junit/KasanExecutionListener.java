package io.jkasan.junit;

import java.util.Optional;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Before any test runs, makes sure the agent runs (attaching it if needed, see {@link AgentAttachment}) and
 * starts recording reports, so that no report of the run is missed (docs/usage.md, "In test suites").
 * Registered through {@code META-INF/services}; the launcher calls it, not tests.
 *
 * <p>Here rather than when the launcher session opens: build tools also open sessions only to discover
 * tests, sometimes in their own JVM (Surefire's in-plugin scan), and nothing may be attached there. Test
 * classes are loaded by now but not initialised, and the agent rewrites loaded classes when it attaches.
 */
public final class KasanExecutionListener implements TestExecutionListener {
    /** Creates the listener; the launcher calls this. */
    public KasanExecutionListener() {
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        Optional<String> attach = testPlan.getConfigurationParameters().get(AgentAttachment.ATTACH_PARAMETER);
        try {
            AgentAttachment.ensureRunning(attach);
        } catch (IllegalStateException e) {
            if (!attach.map(String::trim).orElse("").equals("false")) {
                System.err.println(e.getMessage()); // a listener's exception would only be logged by JUnit
            }
            return;
        }
        ReportLedger.installed();
    }
}
