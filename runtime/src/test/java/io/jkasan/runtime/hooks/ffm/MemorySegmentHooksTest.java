package io.jkasan.runtime.hooks.ffm;

import static io.jkasan.runtime.testing.KasanExpectations.expectNoReport;
import static io.jkasan.runtime.testing.KasanExpectations.expectReport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkasan.Access;
import io.jkasan.KasanReport;
import io.jkasan.runtime.check.OffHeapAllocator;
import io.jkasan.runtime.jdk.UnsafeAccess;
import io.jkasan.runtime.testing.KasanExpectations;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The {@code MemorySegment} bridges over a 16-byte area: an alias whose size is wrong is reported with the
 * layout's size, a flagged store is not performed, and wherever the JDK itself refuses the access (offset
 * outside the segment, misaligned, closed scope, read-only) the bridge throws what the original throws and
 * reports nothing. Any unexpected report fails the test ({@link KasanExpectations}).
 */
@ExtendWith(KasanExpectations.class)
class MemorySegmentHooksTest {
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private long area;

    @BeforeEach
    void allocate() {
        area = OffHeapAllocator.allocate(16, 0);
    }

    @AfterEach
    void free() {
        OffHeapAllocator.free(area);
    }

    @Test
    void every_form_reads_back_what_it_wrote_without_a_report() {
        MemorySegment s = MemorySegment.ofAddress(area).reinterpret(16);
        expectNoReport(() -> {
            MemorySegmentHooks.set(s, ValueLayout.JAVA_BYTE, 0, (byte) 7);
            assertEquals((byte) 7, MemorySegmentHooks.get(s, ValueLayout.JAVA_BYTE, 0));
            MemorySegmentHooks.set(s, ValueLayout.JAVA_BOOLEAN, 1, true);
            assertEquals(true, MemorySegmentHooks.get(s, ValueLayout.JAVA_BOOLEAN, 1));
            MemorySegmentHooks.set(s, ValueLayout.JAVA_CHAR, 2, 'x');
            assertEquals('x', MemorySegmentHooks.get(s, ValueLayout.JAVA_CHAR, 2));
            MemorySegmentHooks.set(s, ValueLayout.JAVA_SHORT, 4, (short) -3);
            assertEquals((short) -3, MemorySegmentHooks.get(s, ValueLayout.JAVA_SHORT, 4));
            MemorySegmentHooks.set(s, ValueLayout.JAVA_INT, 12, 42);
            assertEquals(42, MemorySegmentHooks.get(s, ValueLayout.JAVA_INT, 12));
            MemorySegmentHooks.set(s, ValueLayout.JAVA_FLOAT, 8, 1.5f);
            assertEquals(1.5f, MemorySegmentHooks.get(s, ValueLayout.JAVA_FLOAT, 8));
            MemorySegmentHooks.set(s, ValueLayout.JAVA_DOUBLE, 8, 2.5);
            assertEquals(2.5, MemorySegmentHooks.get(s, ValueLayout.JAVA_DOUBLE, 8));
            MemorySegmentHooks.set(s, LONG, 8, -1L);
            assertEquals(-1L, MemorySegmentHooks.get(s, LONG, 8));
            MemorySegmentHooks.set(s, ValueLayout.ADDRESS, 0, MemorySegment.ofAddress(area));
            assertEquals(area, MemorySegmentHooks.get(s, ValueLayout.ADDRESS, 0).address());
        });
    }

    @Test
    void an_alias_too_large_is_reported_with_the_layout_size() {
        MemorySegment alias = MemorySegment.ofAddress(area).reinterpret(32);
        KasanReport r = expectReport("vmalloc-out-of-bounds", () -> MemorySegmentHooks.get(alias, LONG, 16));
        assertEquals(Access.READ, r.access());
        assertEquals(8, r.size());
        assertEquals(area + 16, r.address());
        long before = UnsafeAccess.U.getLong(area + 16);
        r = expectReport("vmalloc-out-of-bounds", () -> MemorySegmentHooks.set(alias, ValueLayout.JAVA_INT, 20, 5));
        assertEquals(Access.WRITE, r.access());
        assertEquals(4, r.size());
        assertEquals(before, UnsafeAccess.U.getLong(area + 16), "a flagged store is not performed");
    }

    @Test
    void the_jdk_refuses_first_and_nothing_is_reported() {
        MemorySegment exact = MemorySegment.ofAddress(area).reinterpret(16);
        MemorySegment alias = MemorySegment.ofAddress(area).reinterpret(32);
        expectNoReport(() -> {
            // offset outside the segment: the JDK's bounds check
            assertThrows(IndexOutOfBoundsException.class, () -> MemorySegmentHooks.get(exact, LONG, 16));
            assertThrows(IndexOutOfBoundsException.class, () -> MemorySegmentHooks.get(exact, LONG, -8));
            // misaligned for JAVA_LONG, and past the area: the JDK's alignment check
            assertThrows(IllegalArgumentException.class, () -> MemorySegmentHooks.get(alias, LONG, 12));
            // read-only
            Class<? extends Throwable> readOnly = thrown(() -> alias.asReadOnly().set(LONG, 16, 1L));
            assertThrows(readOnly, () -> MemorySegmentHooks.set(alias.asReadOnly(), LONG, 16, 1L));
            // closed scope
            Arena arena = Arena.ofConfined();
            MemorySegment scoped = MemorySegment.ofAddress(area).reinterpret(32, arena, null);
            arena.close();
            assertThrows(IllegalStateException.class, () -> MemorySegmentHooks.get(scoped, LONG, 16));
            // null receiver
            assertThrows(NullPointerException.class, () -> MemorySegmentHooks.get(null, LONG, 0));
        });
    }

    @Test
    void heap_segments_are_left_to_the_jdk() {
        long[] values = {3, 4};
        MemorySegment heap = MemorySegment.ofArray(values);
        expectNoReport(() -> assertEquals(4L, MemorySegmentHooks.get(heap, LONG, 8)));
        assertThrows(IndexOutOfBoundsException.class, () -> MemorySegmentHooks.get(heap, LONG, 16));
    }

    private static Class<? extends Throwable> thrown(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            return e.getClass();
        }
        throw new AssertionError("the original did not throw");
    }
}
