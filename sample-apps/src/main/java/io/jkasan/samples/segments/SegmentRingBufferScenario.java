package io.jkasan.samples.segments;

import io.jkasan.samples.Scenario;
import java.lang.foreign.Arena;

/**
 * Pushes five values through a four-slot {@link SegmentLongRing}: the buggy ring wraps its index one slot too
 * late and writes the fifth value just past its 32 bytes; the twin wraps correctly. The report's CHECK lines are
 * in {@link SegmentLongRing}, where the access is.
 */
public final class SegmentRingBufferScenario implements Scenario {
    @Override
    public String run(final boolean bug) {
        try (Arena arena = Arena.ofConfined()) {
            final SegmentLongRing ring = new SegmentLongRing(arena, 4, bug);
            for (long v = 1; v <= 5; v++) {
                ring.offer(v);
            }
            return "polled " + ring.poll();
        }
    }
}
