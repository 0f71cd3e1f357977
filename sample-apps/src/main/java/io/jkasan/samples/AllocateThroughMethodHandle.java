package io.jkasan.samples;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import sun.misc.Unsafe;

/**
 * Allocates through a {@code MethodHandle}, which no call site shows, then writes one byte past the 16 bytes
 * (the twin writes the last one): the memory is an area all the same.
 */
final class AllocateThroughMethodHandle implements Scenario {
    private static final long SIZE = 16;

    @Override
    public String run(final boolean bug) throws Throwable {
        final Unsafe unsafe = Unsafes.unsafe();
        final MethodHandle allocate = MethodHandles.lookup().findVirtual(Unsafe.class, "allocateMemory",
                MethodType.methodType(long.class, long.class));
        final long p = (long) allocate.invokeExact(unsafe, SIZE); // @ALLOC
        final long index = bug ? SIZE : SIZE - 1;
        unsafe.putByte(p + index, (byte) 1); // @ACCESS
        // CHECK: BUG: KASAN: vmalloc-out-of-bounds in io.jkasan.samples.AllocateThroughMethodHandle.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
        // CHECK-NEXT: Write of size 1 at addr [[ADDR:[0-9a-f]{16}]] by task main/{{[0-9]+}}
        // CHECK: created by:
        // CHECK-NEXT: io.jkasan.samples.AllocateThroughMethodHandle.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (AllocateThroughMethodHandle.java:[[@ALLOC]])
        // CHECK: The buggy address is located 0 bytes to the right of
        // CHECK-NEXT: 16-byte region [{{[0-9a-f]{16}}}, [[ADDR]])
        // CHECK: Allocated by task main/{{[0-9]+}}:
        // CHECK-NEXT: jdk.internal.misc.Unsafe.allocateMemory+0x0/0x{{[0-9a-f]+}} (Unsafe.java:{{[0-9]+}})
        // CHECK-NEXT: sun.misc.Unsafe.allocateMemory+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (Unsafe.java:{{[0-9]+}})
        // CHECK-NEXT: io.jkasan.samples.AllocateThroughMethodHandle.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (AllocateThroughMethodHandle.java:[[@ALLOC]])
        unsafe.freeMemory(p);
        return "wrote byte " + index + " of " + SIZE;
    }
}
