package io.jkasan.samples.segments;

import io.jkasan.samples.Scenario;
import java.lang.foreign.Arena;

/**
 * Pushes five values through a four-slot {@link SegmentLongRing}: the buggy ring wraps its index one slot too
 * late and writes the fifth value just past its 32 bytes; the twin wraps correctly.
 */
public final class SegmentRingBufferScenario implements Scenario {
    @Override
    public String run(final boolean bug) {
        try (Arena arena = Arena.ofConfined()) {
            final SegmentLongRing ring = new SegmentLongRing(arena, 4, bug);
            for (long v = 1; v <= 5; v++) {
                ring.offer(v);
            }
            // CHECK: BUG: KASAN: vmalloc-out-of-bounds in io.jkasan.samples.segments.SegmentLongRing.offer+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
            // CHECK-NEXT: Write of size 8 at addr [[ADDR:[0-9a-f]{16}]] by task main/{{[0-9]+}}
            // CHECK: Call Trace:
            // CHECK-NEXT: jdk.internal.misc.ScopedMemoryAccess.putLongUnalignedInternal+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (ScopedMemoryAccess.java:{{[0-9]+}})
            // CHECK: io.jkasan.samples.segments.SegmentLongRing.offer+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (SegmentLongRing.java:[[@ACCESS]])
            // CHECK-NEXT: io.jkasan.samples.segments.SegmentRingBufferScenario.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (SegmentRingBufferScenario.java:{{[0-9]+}})
            // CHECK: created by:
            // CHECK-NEXT: io.jkasan.samples.segments.SegmentLongRing.<init>+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (SegmentLongRing.java:[[@ALLOC]])
            // CHECK: The buggy address is located 0 bytes to the right of
            // CHECK-NEXT: 32-byte region [{{[0-9a-f]{16}}}, [[ADDR]])
            // CHECK: Memory state around the buggy address:
            // CHECK: {{^}}>{{[0-9a-f]{16}}}: 00 00 00 00 f8
            return "polled " + ring.poll();
        }
    }
}
