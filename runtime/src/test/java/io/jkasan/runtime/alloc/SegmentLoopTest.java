package io.jkasan.runtime.alloc;

import static io.jkasan.runtime.testing.KasanExpectations.expectNoReport;
import static io.jkasan.runtime.testing.KasanExpectations.expectReport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkasan.runtime.check.AccessChecker;
import io.jkasan.runtime.shadow.CleanSpan;
import io.jkasan.runtime.state.RuntimeState;
import io.jkasan.runtime.testing.KasanExpectations;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The entry and exit the agent brackets segment and buffer loops with ({@code AccessChecker.enterSegmentLoop},
 * {@code enterBufferLoop} and {@code exitSegmentLoop}): a wholly clean segment or buffer suspends the checks of
 * the entering thread only, until it exits; one with any bad byte suspends nothing. While suspended, any
 * {@code (base, offset)} check of that thread passes, which is what the tests below use to see it.
 */
@ExtendWith(KasanExpectations.class)
class SegmentLoopTest {
    private static final long PAGE = VmallocSpace.PAGE;

    private final VmallocSpace space = RuntimeState.space();
    private VmallocArea area;
    private VmallocArea other;

    @AfterEach
    void exitAndFree() {
        AccessChecker.exitSegmentLoop();
        for (VmallocArea a : new VmallocArea[] {area, other}) {
            if (a != null && space.liveAreaAt(a.start()) == a) {
                space.free(a.start());
            }
        }
    }

    private VmallocArea alloc(long size) {
        return space.allocate(size, PAGE, VmallocArea.Kind.UNSAFE, 0);
    }

    /** @return whether a read one byte past {@code a}'s requested size passes on this thread, reported or not */
    private static boolean pastEndPasses(VmallocArea a) {
        return AccessChecker.check((Object) null, a.start() + a.size(), 1, false);
    }

    @Test
    void a_clean_small_segment_suspends_this_threads_checks_until_exit() {
        area = alloc(1000);
        AccessChecker.enterSegmentLoop(true, area.start(), 1000);
        expectNoReport(() -> assertTrue(pastEndPasses(area)));
        AccessChecker.exitSegmentLoop();
        expectReport("vmalloc-out-of-bounds", () -> pastEndPasses(area));
    }

    @Test
    void a_segment_one_byte_too_large_suspends_nothing() {
        area = alloc(1000);
        AccessChecker.enterSegmentLoop(true, area.start(), 1001);
        expectReport("vmalloc-out-of-bounds", () -> pastEndPasses(area));
    }

    @Test
    void another_thread_keeps_its_checks_while_one_thread_is_suspended() throws Exception {
        area = alloc(1000);
        AccessChecker.enterSegmentLoop(true, area.start(), 1000);
        AtomicBoolean passed = new AtomicBoolean(true);
        expectReport("vmalloc-out-of-bounds", () -> {
            Thread t = new Thread(() -> passed.set(pastEndPasses(area)));
            t.start();
            try {
                t.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        assertTrue(passed.get(), "a flagged load in mapped memory is still performed");
        expectNoReport(() -> assertTrue(pastEndPasses(area)));
    }

    @Test
    void a_large_segment_is_answered_by_the_clean_span_of_its_area() {
        long size = 16 * PAGE + 8;
        area = alloc(size);
        other = alloc(PAGE);
        AccessChecker.check(other.start() + 0x800, 8, false);     // the span: another area
        assertEquals(other.start(), CleanSpan.start());
        AccessChecker.enterSegmentLoop(true, area.start() + 8, size - 8);
        assertEquals(area.start(), CleanSpan.start(), "published at entry");
        expectNoReport(() -> assertTrue(pastEndPasses(area)));
        AccessChecker.exitSegmentLoop();
        AccessChecker.enterSegmentLoop(true, area.start(), size + 1);
        expectReport("vmalloc-out-of-bounds", () -> pastEndPasses(area));
    }

    @Test
    void a_freed_segment_suspends_nothing() {
        long size = 16 * PAGE;
        area = alloc(size);
        long start = area.start();
        space.free(start);
        AccessChecker.enterSegmentLoop(true, start, size);
        assertFalse(CleanSpan.covers(start, size));
        expectReport("use-after-free", () -> AccessChecker.check((Object) null, start, 8, false));
        AccessChecker.enterSegmentLoop(true, start, 64);              // small: scanned
        expectReport("use-after-free", () -> AccessChecker.check((Object) null, start, 8, false));
    }

    @Test
    void a_heap_segment_suspends_checks_since_the_jdk_bounds_it_to_its_array() {
        area = alloc(1000);
        AccessChecker.enterSegmentLoop(false, 16, 1000);
        expectNoReport(() -> assertTrue(pastEndPasses(area)));
        AccessChecker.exitSegmentLoop();
        expectReport("vmalloc-out-of-bounds", () -> pastEndPasses(area));
    }

    @Test
    void a_loop_through_a_handle_suspends_only_for_the_jdks_own_segment_handles() throws Exception {
        area = alloc(1000);
        VarHandle layoutHandle = ValueLayout.JAVA_LONG.varHandle();
        AccessChecker.enterSegmentLoop(layoutHandle, true, area.start(), 1000);
        expectNoReport(() -> assertTrue(pastEndPasses(area)));
        AccessChecker.exitSegmentLoop();
        MethodHandle same = MethodHandles.identity(long.class);
        VarHandle adapted = MethodHandles.filterValue(layoutHandle, same, same);     // could run any code
        AccessChecker.enterSegmentLoop(adapted, true, area.start(), 1000);
        expectReport("vmalloc-out-of-bounds", () -> pastEndPasses(area));
        AccessChecker.enterSegmentLoop(null, true, area.start(), 1000);
        expectReport("vmalloc-out-of-bounds", () -> pastEndPasses(area));
        // a second handle: the JDK's own keeps the suspension, an adapted one ends it
        AccessChecker.enterSegmentLoop(layoutHandle, true, area.start(), 1000);
        AccessChecker.narrowSegmentLoop(ValueLayout.JAVA_INT.varHandle());
        expectNoReport(() -> assertTrue(pastEndPasses(area)));
        AccessChecker.narrowSegmentLoop(adapted);
        expectReport("vmalloc-out-of-bounds", () -> pastEndPasses(area));
    }

    @Test
    void a_further_segment_that_is_not_clean_cancels_the_suspension() {
        area = alloc(1000);
        other = alloc(100);
        AccessChecker.enterSegmentLoop(true, area.start(), 1000);
        AccessChecker.narrowSegmentLoop(true, other.start(), 100);
        AccessChecker.narrowSegmentLoop(false, 0, 1 << 20);                // a heap segment: nothing to narrow
        expectNoReport(() -> assertTrue(pastEndPasses(area)));
        AccessChecker.narrowSegmentLoop(true, other.start(), 101);
        expectReport("vmalloc-out-of-bounds", () -> pastEndPasses(area));
        AccessChecker.narrowSegmentLoop(true, other.start(), 100);          // not suspended: stays so
        expectReport("vmalloc-out-of-bounds", () -> pastEndPasses(area));
    }

    @Test
    void exit_on_another_thread_does_not_clear_this_threads_suspension() throws Exception {
        area = alloc(1000);
        AccessChecker.enterSegmentLoop(true, area.start(), 1000);
        Thread t = new Thread(AccessChecker::exitSegmentLoop);
        t.start();
        t.join();
        expectNoReport(() -> assertTrue(pastEndPasses(area)));
    }

    /** @return a direct buffer over {@code [address, address + capacity)}, as the JDK makes one for a segment */
    private static ByteBuffer buffer(long address, long capacity) {
        return MemorySegment.ofAddress(address).reinterpret(capacity).asByteBuffer();
    }

    @Test
    void a_clean_direct_buffer_suspends_this_threads_checks_by_its_whole_capacity() {
        area = alloc(1000);
        ByteBuffer clean = buffer(area.start(), 1000);
        clean.limit(8);                                   // the limit can move in the loop; the capacity cannot
        AccessChecker.enterBufferLoop(clean);
        expectNoReport(() -> assertTrue(pastEndPasses(area)));
        AccessChecker.exitSegmentLoop();
        AccessChecker.enterBufferLoop(buffer(area.start(), 1001));
        expectReport("vmalloc-out-of-bounds", () -> pastEndPasses(area));
        AccessChecker.enterBufferLoop(buffer(area.start() + 8, 992));     // a slice's address is its own
        expectNoReport(() -> assertTrue(pastEndPasses(area)));
        AccessChecker.exitSegmentLoop();
        AccessChecker.enterBufferLoop(buffer(area.start() + 8, 993));
        expectReport("vmalloc-out-of-bounds", () -> pastEndPasses(area));
    }

    @Test
    void a_heap_buffer_suspends_and_a_further_buffer_that_is_not_clean_cancels() {
        area = alloc(1000);
        other = alloc(100);
        AccessChecker.enterBufferLoop(ByteBuffer.allocate(16));          // the JDK bounds it to its array
        expectNoReport(() -> assertTrue(pastEndPasses(area)));
        AccessChecker.narrowBufferLoop(buffer(other.start(), 100));
        AccessChecker.narrowBufferLoop(ByteBuffer.wrap(new byte[8]).asReadOnlyBuffer());
        expectNoReport(() -> assertTrue(pastEndPasses(area)));
        AccessChecker.narrowBufferLoop(buffer(other.start(), 101));
        expectReport("vmalloc-out-of-bounds", () -> pastEndPasses(area));
    }

    @Test
    void a_buffer_whose_memory_was_freed_suspends_nothing() {
        area = alloc(1000);
        long start = area.start();
        ByteBuffer stale = buffer(start, 1000);
        space.free(start);
        AccessChecker.enterBufferLoop(stale);
        expectReport("use-after-free", () -> AccessChecker.check((Object) null, start, 8, false));
    }
}
