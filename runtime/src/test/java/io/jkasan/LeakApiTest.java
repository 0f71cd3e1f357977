package io.jkasan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkasan.runtime.check.OffHeapAllocator;
import io.jkasan.runtime.state.RuntimeState;
import io.jkasan.runtime.testing.KasanExpectations;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The per-test leak API and expected reports, as a test harness uses them (docs/usage.md, "Leaks"). */
@ExtendWith(KasanExpectations.class)
class LeakApiTest {
    private static long allocate(long size) {
        return OffHeapAllocator.allocate(size, 0);
    }

    @Test
    void allocations_after_the_mark_and_still_live_are_leaks_grouped_by_stack() {
        long before = allocate(8);
        AllocationMark mark = Jkasan.allocationMark();
        long[] kept = new long[2];
        for (int i = 0; i < 2; i++) {
            kept[i] = allocate(100);
        }
        long freed = allocate(50);
        long other = allocate(30);
        OffHeapAllocator.free(freed);
        List<KasanAllocation> live = Jkasan.liveAllocationsSince(mark);
        assertEquals(3, live.size(), live.toString());
        assertEquals(kept[0], live.get(0).address());
        assertEquals(100, live.get(0).size());
        assertEquals(Thread.currentThread().getName(), live.get(0).threadName());
        assertEquals(LeakApiTest.class.getName(), live.get(0).frames().get(1).className());
        KasanLeaks leaks = Jkasan.leaksSince(mark);
        assertEquals(230, leaks.bytes());
        String[] text = leaks.text().split("\n");
        assertEquals("jkasan: detected memory leaks", text[1]);
        assertEquals("Leak of 200 byte(s) in 2 object(s) allocated from:", text[3]);
        assertTrue(leaks.text().contains("\nLeak of 30 byte(s) in 1 object(s) allocated from:\n"), leaks.text());
        assertTrue(leaks.text().endsWith("SUMMARY: jkasan: 230 byte(s) leaked in 3 allocation(s).\n"
                + "=".repeat(66) + "\n"), leaks.text());
        for (long p : new long[] {kept[0], kept[1], other, before}) {
            OffHeapAllocator.free(p);
        }
        KasanLeaks none = Jkasan.leaksSince(mark);
        assertTrue(none.isEmpty());
        assertEquals("", none.text());
    }

    @Test
    void a_report_marked_expected_is_counted_as_expected_once() {
        long a = allocate(16);
        KasanReport r = KasanExpectations.expectReport("vmalloc-out-of-bounds",
                () -> io.jkasan.runtime.check.AccessChecker.check(a + 16, 1, false));
        OffHeapAllocator.free(a);
        long expected = RuntimeState.reporter().counts().expected();
        Jkasan.markExpected(r);
        Jkasan.markExpected(r);
        assertEquals(expected + 1, RuntimeState.reporter().counts().expected());
    }
}
