package io.jkasan.runtime.check;

import static io.jkasan.runtime.testing.KasanExpectations.expectNoReport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkasan.Jkasan;
import io.jkasan.runtime.alloc.VmallocArea;
import io.jkasan.runtime.alloc.VmallocSpace;
import io.jkasan.runtime.jdk.ArrayLayout;
import io.jkasan.runtime.shadow.CleanSpan;
import io.jkasan.runtime.shadow.ShadowMapping;
import io.jkasan.runtime.state.RuntimeState;
import io.jkasan.runtime.testing.KasanExpectations;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The verdicts call sites read through their own {@code instanceof} ({@link SpanVerdict}): clean only where the
 * access's own check would pass without a report, never reporting anything themselves.
 */
@ExtendWith(KasanExpectations.class)
class SpanVerdictTest {
    private static final long PAGE = VmallocSpace.PAGE;
    private static final long PROBE = 0x800;
    private final VmallocSpace space = RuntimeState.space();
    private VmallocArea area;
    private VmallocArea other;

    @AfterEach
    void free() {
        Jkasan.clearReports();
        if (area != null) {
            space.free(area.start());
        }
        if (other != null) {
            space.free(other.start());
        }
    }

    @Test
    void a_single_access_is_clean_exactly_inside_the_span() {
        area = space.allocate(2 * PAGE + 13, PAGE, VmallocArea.Kind.UNSAFE, 0);
        other = space.allocate(PAGE, PAGE, VmallocArea.Kind.UNSAFE, 0);
        AccessChecker.check(area.start() + PROBE, 8, false);
        assertEquals(area.start(), CleanSpan.start());
        long end = area.start() + area.size();
        expectNoReport(() -> {
            assertSame(SpanVerdict.CLEAN, AccessChecker.verdict(area.start()));
            assertSame(SpanVerdict.CLEAN, AccessChecker.verdict(end - 8));
            assertSame(SpanVerdict.CLEAN, AccessChecker.verdict(null, end - 8, 8));
            // one byte past the span: its own check decides (and reports)
            assertNull(AccessChecker.verdict(end - 7));
            assertNull(AccessChecker.verdict(end));
            assertNull(AccessChecker.verdict(area.start() - 1));
            // clean memory outside the span: the checked bridge sees it, and may offer it as the span
            assertNull(AccessChecker.verdict(other.start()));
        });
    }

    @Test
    void an_array_base_is_clean_inside_its_elements_and_any_other_object_always() {
        byte[] bytes = new byte[16];
        long base = ArrayLayout.BYTE_BASE;
        expectNoReport(() -> {
            assertSame(SpanVerdict.CLEAN, AccessChecker.verdict(bytes, base + 8, 8));
            assertNull(AccessChecker.verdict(bytes, base + 9, 8));
            assertNull(AccessChecker.verdict(bytes, base - 1, 1));
            assertSame(SpanVerdict.CLEAN, AccessChecker.verdict(new Object(), 12, 4));
            assertSame(SpanVerdict.CLEAN, AccessChecker.spanVerdict(bytes, base, 16));
            assertNull(AccessChecker.spanVerdict(bytes, base + 4, 13));
        });
    }

    @Test
    void a_group_span_is_clean_over_whole_granules_and_outside_the_arena() {
        area = space.allocate(PAGE + 13, PAGE, VmallocArea.Kind.UNSAFE, 0);
        long end = area.start() + area.size();
        expectNoReport(() -> {
            assertSame(SpanVerdict.CLEAN, AccessChecker.spanVerdict(area.start(), 24));
            assertSame(SpanVerdict.CLEAN, AccessChecker.spanVerdict(area.start() + 40, 256));
            // the last granule holds 5 bytes: a span ending in it is left to each access
            assertNull(AccessChecker.spanVerdict(end - 13, 13));
            assertNull(AccessChecker.spanVerdict(end - 8, 9));
            assertNull(AccessChecker.spanVerdict(area.start() - 8, 16));
            assertSame(SpanVerdict.CLEAN, AccessChecker.spanVerdict(ShadowMapping.ARENA_START - 4096, 16));
            assertNull(AccessChecker.spanVerdict(16, 8), "the null page");
            assertNull(AccessChecker.spanVerdict(ShadowMapping.ARENA_START - 8, 16),
                    "reaching into the arena");
        });
    }

    @Test
    void a_clean_verdict_is_never_given_where_the_check_would_report() {
        area = space.allocate(37, PAGE, VmallocArea.Kind.UNSAFE, 0);
        space.publishCleanSpan(area.start());
        int cleanSingles = 0;
        for (long a = area.start() - 16; a < area.start() + 64; a++) {
            for (int size : new int[] {1, 2, 4, 8}) {
                boolean single = AccessChecker.verdict(a) == SpanVerdict.CLEAN;
                cleanSingles += single ? 1 : 0;
                boolean group = AccessChecker.spanVerdict(a, size) == SpanVerdict.CLEAN;
                assertEquals(0, Jkasan.reports().size(), "a verdict reported");
                if (single || group) {
                    boolean allowed = AccessChecker.check(a, size, false);
                    assertTrue(allowed && Jkasan.reports().isEmpty(),
                            "clean verdict for a bad access at offset " + (a - area.start()) + " size " + size);
                }
                Jkasan.clearReports();
            }
        }
        // the span is the 37 requested bytes: an access of up to 8 bytes starting in its first 30 is inside
        assertEquals(30 * 4, cleanSingles);
    }
}
