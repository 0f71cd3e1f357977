package io.jkasan;

import static io.jkasan.runtime.testing.KasanExpectations.expectReport;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jkasan.runtime.check.AccessChecker;
import io.jkasan.runtime.testing.KasanExpectations;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A frame as a SegmentAllocator: aligned segments, separated by redzones. */
@ExtendWith(KasanExpectations.class)
class ThreadStackSegmentsTest {
    @Test
    void segments_come_from_the_frame_and_are_redzone_separated() {
        try (ThreadStack.Frame frame = ThreadStack.push()) {
            SegmentAllocator stack = ThreadStackSegments.allocator(frame);
            MemorySegment ints = stack.allocate(ValueLayout.JAVA_INT, 3);
            MemorySegment wide = stack.allocate(64, 64);
            assertEquals(12, ints.byteSize());
            assertEquals(0, wide.address() % 64);
            ints.setAtIndex(ValueLayout.JAVA_INT, 2, 7);
            assertEquals(7, ints.getAtIndex(ValueLayout.JAVA_INT, 2));
            long end = ints.address() + 12;
            assertEquals(true, end > ThreadStack.low() && end < ThreadStack.high());
            expectReport("stack-out-of-bounds", () -> AccessChecker.check(end, 4, true));
        }
    }
}
