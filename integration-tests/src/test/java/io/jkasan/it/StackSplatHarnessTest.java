package io.jkasan.it;

import static io.jkasan.it.ReportFixtures.F8;
import static io.jkasan.it.ReportFixtures.lines;
import static io.jkasan.it.ReportFixtures.report;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checks {@link StackSplat} on hand-written stack reports in the layout the runtime prints, so that a failing
 * {@link StackScenarioTest} means the agent deviates, not the parser; and that it rejects what it must.
 */
class StackSplatHarnessTest {
    private static final String ZERO = " 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00";
    private static final String REDZONE = report(
            "BUG: KASAN: stack-out-of-bounds in io.jkasan.samples.StackRedzone.run+0x41/0x7f",
            "Write of size 1 at addr 00007f51cc007fdd by task main/3",
            "",
            "Call Trace:",
            " io.jkasan.samples.StackRedzone.run+0x41/0x7f (StackRedzone.java:26)",
            " io.jkasan.samples.Demo.main+0x82/0x8b (Demo.java:41)",
            "",
            "The buggy address belongs to stack of task main/3",
            " and is located at offset 101 in frame #0:",
            " io.jkasan.samples.StackRedzone.run+0x4/0x7f (StackRedzone.java:21)",
            "",
            "This frame has 2 object(s):",
            " [88, 101)",
            " [32, 56)",
            "",
            "Memory state around the buggy address:",
            " 00007f51cc007e80:" + ZERO,
            " 00007f51cc007f00: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 f1",
            ">00007f51cc007f80: f1 f1 f1 00 00 00 f2 f2 f2 f2 00 05 f3 f3 f3 f3",
            "                                                    ^",
            " 00007f51cc008000:" + F8,
            " 00007f51cc008080:" + F8);
    private static final String GUARD = report(
            "BUG: stack guard page was hit at 00007eec73fffff0 (stack is 00007eec74000000..00007eec74007fff)",
            "",
            "Call Trace:",
            " io.jkasan.samples.StackGuardAccess.run+0x1e/0x33 (StackGuardAccess.java:20)",
            " io.jkasan.samples.Demo.main+0x82/0x8b (Demo.java:41)",
            "");

    private static StackSplat parse(final List<String> lines) {
        final List<StackSplat> all = StackSplat.parseAll(lines);
        assertEquals(1, all.size());
        return all.get(0);
    }

    @Test
    void golden_stack_report_parses_without_problems() {
        final StackSplat s = parse(lines(REDZONE));
        assertEquals(List.of(), s.problems);
        assertFalse(s.guard);
        assertEquals("stack-out-of-bounds", s.bugType);
        assertEquals(101, s.offset);
        assertEquals(0, s.frameDepth);
        assertEquals(2, s.objects.size());
        assertEquals("main/3", s.stackTask);
    }

    @Test
    void golden_guard_report_parses_without_problems() {
        final StackSplat s = parse(lines(GUARD));
        assertEquals(List.of(), s.problems);
        assertTrue(s.guard);
        assertEquals(0x00007eec74000000L - 16, s.address);
    }

    @Test
    void wrong_redzone_value_is_rejected() {
        final List<String> l = lines(REDZONE);
        l.set(19, l.get(19).replace("f2 f2 f2 f2", "f1 f1 f1 f1"));
        assertFalse(parse(l).problems.isEmpty());
    }

    @Test
    void caret_one_byte_off_is_rejected() {
        final List<String> l = lines(REDZONE);
        l.set(20, " " + l.get(20));
        assertFalse(parse(l).problems.isEmpty());
    }

    @Test
    void offset_inside_an_object_is_rejected() {
        final List<String> l = lines(REDZONE);
        l.set(13, " [88, 102)");
        assertFalse(parse(l).problems.isEmpty());
    }

    @Test
    void live_frame_must_not_be_called_use_after_return() {
        final List<String> l = lines(REDZONE);
        l.set(1, l.get(1).replace("stack-out-of-bounds", "stack-use-after-return"));
        assertFalse(parse(l).problems.isEmpty());
    }

    @Test
    void jkasan_frame_in_a_guard_trace_is_rejected() {
        final List<String> l = lines(GUARD);
        l.add(4, " io.jkasan.runtime.check.StackFrames.alloc+0x1/0x2 (StackFrames.java:1)");
        assertFalse(parse(l).problems.isEmpty());
    }

    @Test
    void missing_push_site_is_rejected() {
        final List<String> l = lines(REDZONE);
        l.remove(10);
        assertFalse(parse(l).problems.isEmpty());
    }

    @Test
    void missing_stack_description_is_malformed() {
        final List<String> l = lines(REDZONE);
        l.remove(8);
        assertThrows(AssertionError.class, () -> StackSplat.parseAll(l));
    }
}
