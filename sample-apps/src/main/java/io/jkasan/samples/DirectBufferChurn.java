package io.jkasan.samples;

import java.nio.ByteBuffer;
import sun.misc.Unsafe;

/**
 * Frees a small direct buffer, then allocates and frees 100,000 more of the same size (a busy program's
 * churn), then reads the first one through its stale address. The quarantine (docs/design.md, "The vmalloc
 * space") keeps the freed area poisoned through that churn with the default {@code lazy_max}, so the read is
 * still a use-after-free rather than a read of some newer buffer. The twin does not read.
 */
final class DirectBufferChurn implements Scenario {
    private static final int CAPACITY = 64;
    private static final int CHURN = 100_000;

    @Override
    public String run(final boolean bug) {
        final Unsafe unsafe = Unsafes.unsafe();
        final ByteBuffer victim = ByteBuffer.allocateDirect(CAPACITY); // @ALLOC
        final long stale = OffHeapFacade.address(victim);
        OffHeapFacade.free(victim); // @FREE
        long sum = 0;
        for (int i = 0; i < CHURN; i++) {
            final ByteBuffer b = ByteBuffer.allocateDirect(CAPACITY);
            b.put(0, (byte) i);
            sum += b.get(0);
            OffHeapFacade.free(b);
        }
        final byte value = bug ? unsafe.getByte(stale) : 0; // @ACCESS
        // CHECK: BUG: KASAN: use-after-free in io.jkasan.samples.DirectBufferChurn.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
        // CHECK-NEXT: Read of size 1 at addr [[ADDR:[0-9a-f]{16}]] by task main/{{[0-9]+}}
        // CHECK: created by:
        // CHECK-NEXT: io.jkasan.samples.DirectBufferChurn.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (DirectBufferChurn.java:[[@ALLOC]])
        // CHECK: freed 64-byte region [[[ADDR]], {{[0-9a-f]{16}}})
        // CHECK: Freed by task main/{{[0-9]+}}:
        // CHECK: io.jkasan.samples.DirectBufferChurn.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (DirectBufferChurn.java:[[@FREE]])
        return "churned " + CHURN + " direct buffers (sum " + sum + "), stale byte " + value;
    }
}
