package io.jkasan.runtime.report;

import io.jkasan.KasanFrame;
import io.jkasan.runtime.report.model.Trace;
import java.util.ArrayList;
import java.util.List;

/**
 * Folds the frames of the test framework that called the test into one line (docs/report-format.md,
 * "Folded frames"): under JUnit and Surefire a call trace is mostly their frames below the test method,
 * the same in every report and of no use for finding the bug.
 *
 * <p>What is folded is the longest run of outermost frames that are all framework or JDK frames and that
 * holds at least one framework frame. The run stops at the first frame of any other code going inwards,
 * the test method, so a test's own frames and anything they call stay visible, frameworks included (an
 * {@code assertThrows} above the test method is shown). JDK frames inside the run are folded with it,
 * since the frameworks call through the JDK ({@code Method.invoke}, {@code ArrayList.forEach}). A trace
 * with no framework frame, such as a plain thread's ending in {@code java.lang.Thread.run}, is left whole.
 */
final class FrameFolding {
    /**
     * Class-name prefixes of the frameworks whose frames are folded, each with the group name the folded
     * line lists: test engines and launchers, build-tool test runners, and reflection.
     */
    private static final String[][] FRAMEWORKS = {
        {"org.junit.", null},                               // JUnit 4 and 5: named by package, see group()
        {"junit.framework.", "junit.framework"},
        {"org.testng.", "org.testng"},
        {"org.apache.maven.surefire.", "org.apache.maven.surefire"},
        {"org.gradle.", "org.gradle"},
        {"worker.org.gradle.", "org.gradle"},
        {"com.intellij.rt.", "com.intellij.rt"},
        {"jdk.internal.reflect.", "jdk.internal.reflect"},
        {"java.lang.reflect.Method", "java.lang.reflect"},
    };

    /** Packages of the JDK: folded inside a run of framework frames, never named. */
    private static final String[] JDK = {"java.", "javax.", "jdk.", "sun.", "com.sun."};

    private static final FrameFolding OFF = new FrameFolding(false);
    private static final FrameFolding ON = new FrameFolding(true);

    private final boolean enabled;

    private FrameFolding(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * @param enabled the {@code fold_frames} option
     * @return the policy
     */
    static FrameFolding of(boolean enabled) {
        return enabled ? ON : OFF;
    }

    /**
     * @param frames a stack, innermost first
     * @return the stack as reports show it: the test framework's outermost frames folded if enabled
     */
    Trace fold(List<KasanFrame> frames) {
        if (!enabled || frames.isEmpty()) {
            return Trace.of(frames);
        }
        int start = frames.size();
        boolean framework = false;
        while (start > 0) {
            String name = frames.get(start - 1).className();
            boolean isFramework = group(name) != null;
            if (!isFramework && !isJdk(name)) {
                break;
            }
            framework |= isFramework;
            start--;
        }
        if (!framework || start == 0) {
            // Nothing of a framework, or nothing but framework and JDK frames (the bug is in neither's
            // callers): show the whole trace rather than fold the frame the BUG: line names.
            return Trace.of(frames);
        }
        List<String> groups = new ArrayList<>();
        for (int i = start; i < frames.size(); i++) {
            String g = group(frames.get(i).className());
            if (g != null && !groups.contains(g)) {
                groups.add(g);
            }
        }
        return Trace.folded(frames, start, groups);
    }

    /**
     * @param className a frame's class
     * @return the name of the framework it belongs to, or {@code null}
     */
    static String group(String className) {
        for (String[] f : FRAMEWORKS) {
            if (className.startsWith(f[0])) {
                return f[1] != null ? f[1] : junitGroup(className);
            }
        }
        return null;
    }

    /** JUnit's packages say which part it is: {@code org.junit.platform}, {@code org.junit.jupiter}, ... */
    private static String junitGroup(String className) {
        int third = className.indexOf('.', "org.junit.".length());
        return third < 0 ? "org.junit" : className.substring(0, third);
    }

    private static boolean isJdk(String className) {
        for (String p : JDK) {
            if (className.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
