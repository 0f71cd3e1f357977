package io.jkasan.runtime.report;

import static io.jkasan.runtime.testing.KasanExpectations.expectReport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkasan.KasanFrame;
import io.jkasan.KasanReport;
import io.jkasan.runtime.check.AccessChecker;
import io.jkasan.runtime.check.OffHeapAllocator;
import io.jkasan.runtime.report.model.Trace;
import io.jkasan.runtime.testing.KasanExpectations;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Folding of test-framework frames (docs/report-format.md, "Folded frames"). */
@ExtendWith(KasanExpectations.class)
class FrameFoldingTest {
    private static List<KasanFrame> frames(String... classes) {
        List<KasanFrame> out = new ArrayList<>();
        for (String c : classes) {
            out.add(new KasanFrame(c, "m", 1, 2, "F.java", 3));
        }
        return out;
    }

    @Test
    void frames_below_the_test_method_are_folded_and_their_frameworks_named() {
        Trace t = FrameFolding.of(true).fold(frames("com.acme.Buffer", "com.acme.BufferTest",
                "jdk.internal.reflect.DirectMethodHandleAccessor", "java.lang.reflect.Method",
                "org.junit.platform.commons.util.ReflectionUtils", "java.util.ArrayList",
                "org.junit.jupiter.engine.execution.MethodInvocation", "org.apache.maven.surefire.booter.ForkedBooter"));
        assertEquals(2, t.shownFrames().size());
        assertEquals(6, t.foldedCount());
        assertEquals(List.of("jdk.internal.reflect", "java.lang.reflect", "org.junit.platform", "org.junit.jupiter",
                "org.apache.maven.surefire"), t.foldedGroups());
        assertEquals(8, t.frames().size(), "every frame stays in the trace; only the text folds them");
    }

    @Test
    void a_framework_above_the_test_method_stays_visible() {
        Trace t = FrameFolding.of(true).fold(frames("com.acme.Buffer", "com.acme.BufferTest$1",
                "org.junit.jupiter.api.AssertThrows", "com.acme.BufferTest", "org.junit.platform.launcher.Launcher"));
        assertEquals(4, t.shownFrames().size());
        assertEquals(List.of("org.junit.platform"), t.foldedGroups());
    }

    @Test
    void a_trace_without_framework_frames_is_left_whole() {
        assertEquals(0, FrameFolding.of(true).fold(frames("com.acme.Reader", "java.lang.Thread")).foldedCount());
        assertEquals(0, FrameFolding.of(true).fold(frames("com.acme.Main")).foldedCount());
    }

    @Test
    void a_trace_of_framework_and_jdk_frames_only_is_left_whole() {
        assertEquals(0, FrameFolding.of(true).fold(frames("java.util.ArrayList", "org.junit.platform.X"))
                .foldedCount());
    }

    @Test
    void fold_frames_false_folds_nothing() {
        assertEquals(0, FrameFolding.of(false).fold(frames("com.acme.BufferTest", "org.junit.platform.X"))
                .foldedCount());
    }

    /** The real thing: this test runs under JUnit and Surefire, whose frames end the trace. */
    @Test
    void a_report_made_in_a_junit_test_ends_in_one_folded_line() {
        long a = OffHeapAllocator.allocate(16, 0);
        KasanReport r = expectReport("vmalloc-out-of-bounds", () -> AccessChecker.check(a + 16, 1, false));
        OffHeapAllocator.free(a);
        String[] lines = r.text().split("\n");
        int trace = List.of(lines).indexOf("Call Trace:");
        int i = trace + 1;
        while (lines[i].startsWith(" " + FrameFoldingTest.class.getName()) || lines[i].startsWith(" io.jkasan.runtime.testing.")) {
            i++;
        }
        // StackWalker hides reflection frames, so the test method is called straight from JUnit's frames.
        assertTrue(lines[i].matches(" \\.\\.\\. \\d+ frames of org\\.junit\\.platform, org\\.junit\\.jupiter, .*"
                + "org\\.apache\\.maven\\.surefire \\(folded\\)"), r.text());
        assertEquals("", lines[i + 1], "the folded line ends the trace\n" + r.text());
        assertTrue(r.frames().size() > i - trace, "KasanReport.frames() keeps every frame");
    }
}
