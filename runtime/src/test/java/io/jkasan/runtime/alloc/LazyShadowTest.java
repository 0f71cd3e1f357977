package io.jkasan.runtime.alloc;

import static io.jkasan.runtime.testing.KasanExpectations.expectNoReport;
import static io.jkasan.runtime.testing.KasanExpectations.expectReport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkasan.Jkasan;
import io.jkasan.KasanReport;
import io.jkasan.runtime.check.AccessChecker;
import io.jkasan.runtime.depot.CallSites;
import io.jkasan.runtime.shadow.CleanSpan;
import io.jkasan.runtime.shadow.ShadowBytes;
import io.jkasan.runtime.shadow.ShadowMemory;
import io.jkasan.runtime.state.RuntimeState;
import io.jkasan.runtime.testing.KasanExpectations;
import io.jkasan.runtime.testing.LiveAreas;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Large areas' shadow unpoisoned chunk by chunk at first access ({@link LazyShadow}): what an allocation, an
 * access, a report, a free and the program's own poisoning write, and that every check and report answers as
 * if the whole area had been unpoisoned at allocation.
 */
@ExtendWith(KasanExpectations.class)
class LazyShadowTest {
    private static final long CHUNK = LazyShadow.CHUNK;
    private static final long PAGE = LazyShadow.PAGE;
    /** Four chunks, the last one partial and ending in a partial granule. */
    private static final long SIZE = 3 * CHUNK + 1000 + 5;

    private final VmallocSpace space = RuntimeState.space();
    @RegisterExtension
    final LiveAreas live = new LiveAreas();

    @Test
    void an_allocation_of_one_chunk_or_less_and_a_thread_stack_are_unpoisoned_whole() {
        VmallocArea small = live.alloc(CHUNK, VmallocArea.Kind.UNSAFE);
        assertNull(small.lazyShadow());
        assertEquals(ShadowBytes.ACCESSIBLE, ShadowMemory.get(small.start() + CHUNK - 8));
        assertNull(live.alloc(4 * CHUNK, VmallocArea.Kind.THREAD_STACK).lazyShadow());
        assertNotNull(live.alloc(CHUNK + 1, VmallocArea.Kind.UNSAFE).lazyShadow());
    }

    @Test
    void memory_the_jdk_allocates_for_itself_is_unpoisoned_whole() {
        // No rewritten call site: a segment's or a direct buffer's memory, reached through ScopedMemoryAccess.
        VmallocArea jdk = space.allocate(4 * CHUNK + 3, VmallocSpace.PAGE, VmallocArea.Kind.UNSAFE,
                CallSites.UNKNOWN);
        try {
            assertNull(jdk.lazyShadow());
            assertEquals(ShadowBytes.ACCESSIBLE, ShadowMemory.get(jdk.start()));
            assertEquals(ShadowBytes.ACCESSIBLE, ShadowMemory.get(jdk.start() + 4 * CHUNK - 8));
            assertEquals(3, ShadowMemory.get(jdk.start() + 4 * CHUNK));
        } finally {
            space.free(jdk.start());
        }
    }

    @Test
    void an_allocation_leaves_the_shadow_the_first_access_unpoisons_its_page_and_later_ones_their_chunk() {
        VmallocArea a = live.alloc(SIZE, VmallocArea.Kind.UNSAFE);
        LazyShadow lazy = a.lazyShadow();
        long pages = (SIZE + PAGE - 1) / PAGE;
        for (long p = 0; p < pages; p++) {
            assertFalse(lazy.isUnpoisoned(p));
            assertTrue(ShadowMemory.get(a.start() + p * PAGE) < 0, "a poison value until an access");
        }
        long inSecondChunk = a.start() + CHUNK + 40;
        expectNoReport(() -> assertTrue(AccessChecker.check(inSecondChunk, 8, true)));
        assertEquals(ShadowBytes.ACCESSIBLE, ShadowMemory.get(a.start() + CHUNK));
        assertEquals(ShadowBytes.ACCESSIBLE, ShadowMemory.get(a.start() + CHUNK + PAGE - 8));
        assertTrue(ShadowMemory.get(a.start() + CHUNK + PAGE) < 0, "the first access: its page only");
        assertEquals(List.of(CHUNK / PAGE), unpoisonedPages(lazy, pages));
        assertFalse(space.materialize(inSecondChunk, 8), "a page is unpoisoned once");

        expectNoReport(() -> assertTrue(AccessChecker.check(a.start() + CHUNK + 5 * PAGE, 8, false)));
        List<Long> secondChunk = new ArrayList<>();
        for (long p = CHUNK / PAGE; p < 2 * CHUNK / PAGE; p++) {
            secondChunk.add(p);
        }
        assertEquals(secondChunk, unpoisonedPages(lazy, pages), "a later access: its whole chunk");
        assertEquals(ShadowBytes.ACCESSIBLE, ShadowMemory.get(a.start() + 2 * CHUNK - 8));
        assertTrue(ShadowMemory.get(a.start() + 2 * CHUNK) < 0);
    }

    private static List<Long> unpoisonedPages(LazyShadow lazy, long pages) {
        List<Long> out = new ArrayList<>();
        for (long p = 0; p < pages; p++) {
            if (lazy.isUnpoisoned(p)) {
                out.add(p);
            }
        }
        return out;
    }

    @Test
    void the_last_chunk_ends_in_the_partial_granule_eager_unpoisoning_writes() {
        VmallocArea a = live.alloc(SIZE, VmallocArea.Kind.UNSAFE);
        long last = a.start() + SIZE - 1;
        expectNoReport(() -> assertTrue(AccessChecker.check(last, 1, false)));
        assertEquals(5, ShadowMemory.get(last));
        assertEquals(ShadowBytes.ACCESSIBLE, ShadowMemory.get(last - 8));
        assertTrue(ShadowMemory.get(last + 8) < 0, "the page tail stays poisoned");
    }

    @Test
    void every_check_that_spans_chunks_passes() {
        VmallocArea a = live.alloc(SIZE, VmallocArea.Kind.UNSAFE);
        VmallocArea b = live.alloc(SIZE, VmallocArea.Kind.UNSAFE);
        expectNoReport(() -> {
            assertTrue(AccessChecker.check(a.start() + CHUNK - 4, 8, false), "an access across two chunks");
            assertTrue(AccessChecker.checkRange(a.start(), SIZE, true), "setMemory over the whole area");
            assertTrue(AccessChecker.checkCopy(null, a.start(), null, b.start(), SIZE), "copyMemory between two");
            assertTrue(AccessChecker.spanClean(b.start() + 5, SIZE - 5), "a merged or hoisted check");
        });
        assertFalse(Jkasan.isPoisoned(b.start() + SIZE - 1));
    }

    @Test
    void an_overflow_of_an_untouched_area_reports_the_rows_eager_unpoisoning_leaves() {
        VmallocArea a = live.alloc(SIZE, VmallocArea.Kind.UNSAFE);
        KasanReport r = expectReport("vmalloc-out-of-bounds", () -> AccessChecker.check(a.start() + SIZE, 1, true));
        assertEquals(a.start() + SIZE, r.address());
        // The guilty row (128 bytes from a multiple of 128) holds SIZE's last granules: 0 up to the partial one.
        String row = guiltyRow(r.text());
        long rowStart = (a.start() + SIZE) & -128L;
        StringBuilder expected = new StringBuilder();
        for (long g = rowStart; g < rowStart + 128; g += 8) {
            long end = a.start() + SIZE;
            expected.append(' ').append(g + 8 <= end ? "00" : g < end ? "05" : "f8");
        }
        assertTrue(row.endsWith(":" + expected), row + " against" + expected);
    }

    @Test
    void a_free_poisons_the_unpoisoned_chunks_and_leaves_the_rest() {
        VmallocArea a = live.alloc(SIZE, VmallocArea.Kind.UNSAFE);
        expectNoReport(() -> AccessChecker.check(a.start() + 8, 8, true));
        long untouched = a.start() + 2 * CHUNK;
        byte before = ShadowMemory.get(untouched);
        byte nextPageBefore = ShadowMemory.get(a.start() + PAGE);
        live.free(a);
        assertEquals(ShadowBytes.VMALLOC_FREED, ShadowMemory.get(a.start() + 8));
        assertEquals(ShadowBytes.VMALLOC_FREED, ShadowMemory.get(a.start() + PAGE - 8));
        assertEquals(nextPageBefore, ShadowMemory.get(a.start() + PAGE), "the page after it is not written");
        assertEquals(before, ShadowMemory.get(untouched), "an untouched chunk is not written at free");
        KasanReport r = expectReport("use-after-free", () -> AccessChecker.check(untouched, 8, false));
        assertTrue(guiltyRow(r.text()).endsWith(" ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff"), r.text());
        assertFalse(space.materialize(untouched, 8), "a freed area's chunks stay poisoned");
    }

    @Test
    void a_free_withdraws_the_clean_span_over_chunks_it_does_not_write() {
        VmallocArea a = live.alloc(SIZE, VmallocArea.Kind.UNSAFE);
        space.publishCleanSpan(a.start() + 2 * CHUNK);
        assertTrue(CleanSpan.covers(a.start() + 2 * CHUNK + 64), "the area is the span before any access");
        live.free(a);
        assertEquals(0, CleanSpan.length());
        expectReport("use-after-free", () -> AccessChecker.check(a.start() + 2 * CHUNK + 64, 8, false));
    }

    @Test
    void the_programs_own_poisoning_unpoisons_every_chunk_first() {
        VmallocArea a = live.alloc(SIZE, VmallocArea.Kind.API);
        Jkasan.poison(a.start() + CHUNK, 64);
        for (long p = 0; p < (SIZE + PAGE - 1) / PAGE; p++) {
            assertTrue(a.lazyShadow().isUnpoisoned(p));
        }
        expectReport("use-after-poison", () -> AccessChecker.check(a.start() + CHUNK + 8, 8, false));
        expectNoReport(() -> AccessChecker.check(a.start() + 3 * CHUNK, 8, false));
    }

    /** @return the row of the shadow dump that the caret marks */
    private static String guiltyRow(String text) {
        for (String line : text.split("\n")) {
            if (line.startsWith(">")) {
                return line;
            }
        }
        throw new AssertionError("no guilty row in\n" + text);
    }
}
