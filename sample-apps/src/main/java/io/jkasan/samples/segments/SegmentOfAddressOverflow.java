package io.jkasan.samples.segments;

import io.jkasan.samples.Scenario;
import io.jkasan.samples.Unsafes;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import sun.misc.Unsafe;

/**
 * Wraps 24 bytes from {@code Unsafe.allocateMemory} in {@code MemorySegment.ofAddress(address).reinterpret(32)},
 * a size the JDK has to take on trust, and writes an int at offset 24: inside the segment, past the memory.
 * The twin writes at offset 20.
 */
public final class SegmentOfAddressOverflow implements Scenario {
    private static final long SIZE = 24;

    @Override
    public String run(final boolean bug) {
        final Unsafe unsafe = Unsafes.unsafe();
        final long address = unsafe.allocateMemory(SIZE); // @ALLOC
        final MemorySegment segment = MemorySegment.ofAddress(address).reinterpret(32);
        segment.set(ValueLayout.JAVA_INT, bug ? SIZE : SIZE - 4, 7); // @ACCESS
        // CHECK: BUG: KASAN: vmalloc-out-of-bounds in io.jkasan.samples.segments.SegmentOfAddressOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
        // CHECK-NEXT: Write of size 4 at addr [[ADDR:[0-9a-f]{16}]] by task main/{{[0-9]+}}
        // CHECK: Call Trace:
        // CHECK-NEXT: jdk.internal.misc.ScopedMemoryAccess.putIntUnalignedInternal+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (ScopedMemoryAccess.java:{{[0-9]+}})
        // CHECK: io.jkasan.samples.segments.SegmentOfAddressOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (SegmentOfAddressOverflow.java:[[@ACCESS]])
        // CHECK: created by:
        // CHECK-NEXT: io.jkasan.samples.segments.SegmentOfAddressOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (SegmentOfAddressOverflow.java:[[@ALLOC]])
        // CHECK: The buggy address is located 0 bytes to the right of
        // CHECK-NEXT: 24-byte region [{{[0-9a-f]{16}}}, [[ADDR]])
        // CHECK: Allocated by task main/{{[0-9]+}}:
        // CHECK-NEXT: io.jkasan.samples.segments.SegmentOfAddressOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (SegmentOfAddressOverflow.java:[[@ALLOC]])
        // CHECK-NOT: Freed by task
        // CHECK: Memory state around the buggy address:
        // CHECK: {{^}}>{{[0-9a-f]{16}}}: 00 00 00 f8
        final int value = segment.get(ValueLayout.JAVA_INT, SIZE - 4);
        unsafe.freeMemory(address);
        return "read " + value;
    }
}
