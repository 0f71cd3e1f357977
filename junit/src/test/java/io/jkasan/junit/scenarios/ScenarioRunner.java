package io.jkasan.junit.scenarios;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs scenario classes through a real launcher session, as build tools do (so the listeners that
 * jkasan-junit registers through {@code META-INF/services} take part), and prints every node's outcome on
 * stdout for the test that forked this JVM:
 *
 * <pre>
 * #outcome &lt;Class#method | Class | engine&gt; &lt;SUCCESSFUL | FAILED | ABORTED&gt;
 * &lt;the failure's message, if any&gt;
 * #end
 * </pre>
 *
 * and finally {@code #outcome session SUCCESSFUL} or {@code FAILED} for the closing of the session.
 * Arguments: class names, and {@code --release-outliving-thread} to let {@link OutlivingThread}'s thread
 * report once the tests are done.
 */
public final class ScenarioRunner {
    private static final PrintStream OUT = System.out;

    private ScenarioRunner() {
    }

    /**
     * @param args scenario class names, and options
     * @throws Exception if the run cannot be made
     */
    public static void main(String[] args) throws Exception {
        boolean releaseOutlivingThread = false;
        List<DiscoverySelector> selectors = new ArrayList<>();
        for (String a : args) {
            if (a.equals("--release-outliving-thread")) {
                releaseOutlivingThread = true;
            } else {
                selectors.add(selectClass(a));
            }
        }
        LauncherSession session = LauncherFactory.openSession();
        try {
            session.getLauncher().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectors).build(),
                    new Outcomes());
            if (releaseOutlivingThread) {
                OutlivingThread.release();
            }
        } finally {
            String closed = "SUCCESSFUL";
            String message = "";
            try {
                session.close();
            } catch (Throwable t) {
                closed = "FAILED";
                message = String.valueOf(t.getMessage());
            }
            print("session", closed, message);
        }
    }

    private static synchronized void print(String name, String status, String message) {
        OUT.println("#outcome " + name + " " + status);
        if (!message.isEmpty()) {
            OUT.print(message.endsWith("\n") ? message : message + "\n");
        }
        OUT.println("#end");
        OUT.flush();
    }

    /** Prints each finished node. */
    private static final class Outcomes implements TestExecutionListener {
        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            String message = result.getThrowable().map(t -> String.valueOf(t.getMessage())).orElse("");
            print(name(id), result.getStatus().name(), message);
        }

        private static String name(TestIdentifier id) {
            TestSource source = id.getSource().orElse(null);
            if (source instanceof MethodSource) {
                MethodSource m = (MethodSource) source;
                return simple(m.getClassName()) + "#" + m.getMethodName();
            }
            if (source instanceof ClassSource) {
                return simple(((ClassSource) source).getClassName());
            }
            return id.getParentId().isPresent() ? id.getDisplayName() : "engine";
        }

        private static String simple(String className) {
            return className.substring(className.lastIndexOf('.') + 1);
        }
    }
}
