package io.jkasan.it;

import static io.jkasan.it.ReportFixtures.F8;
import static io.jkasan.it.ReportFixtures.lines;
import static io.jkasan.it.ReportFixtures.report;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checks the test harness itself ({@link Splat}, {@link FileCheck}, {@link Bytecode}) on a hand-written report in
 * the exact SPEC §3 layout, so a failing scenario test means the agent deviates, not the parser.
 */
class HarnessTest {
    private static final String GOLDEN = report(
            "BUG: KASAN: vmalloc-out-of-bounds in io.jkasan.samples.OobWrite.run+0x2b/0x60",
            "Write of size 1 at addr ffffc90000c1000d by task main/1",
            "",
            "Call Trace:",
            " io.jkasan.samples.OobWrite.run+0x2b/0x60 (OobWrite.java:20)",
            " io.jkasan.samples.Demo.main+0x8c/0xa0 (Demo.java:39)",
            "",
            "The buggy address belongs to the virtual mapping at",
            " [ffffc90000c10000, ffffc90000c12000) created by:",
            " io.jkasan.samples.OobWrite.run+0x9/0x60 (OobWrite.java:18)",
            "",
            "The buggy address is located 0 bytes to the right of",
            " 13-byte region [ffffc90000c10000, ffffc90000c1000d)",
            "",
            "Allocated by task main/1:",
            " io.jkasan.samples.OobWrite.run+0x9/0x60 (OobWrite.java:18)",
            " io.jkasan.samples.Demo.main+0x8c/0xa0 (Demo.java:39)",
            "",
            "Memory state around the buggy address:",
            " ffffc90000c0ff00:" + F8,
            " ffffc90000c0ff80:" + F8,
            ">ffffc90000c10000: 00 05 f8 f8 f8 f8 f8 f8 f8 f8 f8 f8 f8 f8 f8 f8",
            "                      ^",
            " ffffc90000c10080:" + F8,
            " ffffc90000c10100:" + F8);

    private static List<String> golden() {
        return lines(GOLDEN);
    }

    @Test
    void golden_report_parses_and_satisfies_the_sample_checks() {
        final List<Splat> splats = Splat.parseAll(golden());
        assertEquals(1, splats.size());
        final Splat s = splats.get(0);
        assertEquals("vmalloc-out-of-bounds", s.bugType);
        assertEquals("Write", s.access);
        assertEquals(1, s.size);
        assertEquals(0xffffc90000c1000dL, s.firstBadAddress());
        assertEquals(List.of(), s.problems);
        s.assertCaretOnFirstBadAddress();
        FileCheck.fromSamples("CHECK", "OobWrite.java").check(golden());
    }

    @Test
    void caret_one_byte_off_is_rejected() {
        final List<String> l = golden();
        l.set(23, "                   ^");
        assertThrows(AssertionError.class, () -> Splat.parseAll(l).get(0).assertCaretOnFirstBadAddress());
    }

    @Test
    void wrong_region_arithmetic_is_rejected() {
        final List<String> l = golden();
        l.set(12, "The buggy address is located 1 bytes to the right of");
        assertEquals(List.of("'to the right of' distance is wrong"), Splat.parseAll(l).get(0).problems);
    }

    @Test
    void jkasan_frame_in_a_trace_is_rejected() {
        final List<String> l = golden();
        l.add(6, " io.jkasan.runtime.hooks.UnsafeHooks.putByte+0x1/0x9 (UnsafeHooks.java:1)");
        assertEquals(List.of("jkasan frame in a trace"), Splat.parseAll(l).get(0).problems);
    }

    @Test
    void short_separator_is_not_a_report() {
        final List<String> l = golden();
        l.set(0, "=================================================================");
        assertThrows(AssertionError.class, () -> Splat.parseAll(l));
    }

    @Test
    void check_on_the_wrong_source_line_fails() {
        final List<String> l = golden();
        l.set(5, " io.jkasan.samples.OobWrite.run+0x2b/0x60 (OobWrite.java:21)");
        assertThrows(AssertionError.class, () -> FileCheck.fromSamples("CHECK", "OobWrite.java").check(l));
    }

    @Test
    void jdk_frame_is_checked_against_the_class_of_the_jdk_that_ran() {
        final String run = " java.lang.Thread.run+0x%x/0x%x (Thread.java:%d)";
        assertEquals(1, Bytecode.mismatches(List.of(String.format(run, 1, 2, 1)), Jdk.RUNNING).size());
        assertEquals(List.of(), Bytecode.mismatches(List.of(" java.lang.Thread.run+0x1/0x2 (Unknown Source)",
                " jdk.internal.reflect.Generated1.invoke+0x1/0x2 (Unknown.java:1)"), Jdk.RUNNING),
                "frames without a line, or of classes generated at run time, are not checked");
    }

    @Test
    void check_not_after_the_last_match_is_enforced() {
        final List<String> l = golden();
        l.add(19, "Freed by task main/1:");
        assertThrows(AssertionError.class, () -> FileCheck.fromSamples("CHECK", "OobWrite.java").check(l));
    }
}
