package io.jkasan.samples;

import java.nio.ByteBuffer;

/**
 * Writes one byte past a direct buffer through a library-style facade ({@link OffHeapFacade#putByte}). Run
 * with the facade in {@code skip_frames}, the report's {@code BUG:} line names this caller, not the facade,
 * while the call trace still begins in the facade. The twin writes the last byte.
 */
final class FacadeOverflow implements Scenario {
    private static final int CAPACITY = 32;

    @Override
    public String run(final boolean bug) {
        final ByteBuffer buffer = ByteBuffer.allocateDirect(CAPACITY); // @ALLOC
        final long address = OffHeapFacade.address(buffer);
        final int index = bug ? CAPACITY : CAPACITY - 1;
        OffHeapFacade.putByte(address + index, (byte) 7); // @CALLER
        // CHECK: BUG: KASAN: vmalloc-out-of-bounds in io.jkasan.samples.FacadeOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
        // CHECK-NEXT: Write of size 1 at addr [[ADDR:[0-9a-f]{16}]] by task main/{{[0-9]+}}
        // CHECK: Call Trace:
        // CHECK-NEXT: io.jkasan.samples.OffHeapFacade.putByte+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (OffHeapFacade.java:{{[0-9]+}})
        // CHECK-NEXT: io.jkasan.samples.FacadeOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (FacadeOverflow.java:[[@CALLER]])
        // CHECK: created by:
        // CHECK-NEXT: io.jkasan.samples.FacadeOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (FacadeOverflow.java:[[@ALLOC]])
        // CHECK: The buggy address is located 0 bytes to the right of
        // CHECK-NEXT: 32-byte region [{{[0-9a-f]{16}}}, [[ADDR]])
        final byte last = OffHeapFacade.getByte(address + CAPACITY - 1);
        OffHeapFacade.free(buffer);
        return "wrote byte " + index + " through the facade, last byte " + last;
    }
}
