package io.jkasan.samples;

/** Fills an {@link OffHeapLongArray} with squares using the classic {@code i <= length} loop bound. */
final class LongArrayScenario implements Scenario {
    private static final int LENGTH = 10;

    @Override
    public String run(final boolean bug) {
        long sum = 0;
        try (OffHeapLongArray squares = new OffHeapLongArray(LENGTH)) {
            for (int i = 0; bug ? i <= squares.length() : i < squares.length(); i++) {
                squares.set(i, (long) i * i); // @ACCESS
                // CHECK: BUG: KASAN: vmalloc-out-of-bounds in io.jkasan.samples.OffHeapLongArray.set+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
                // CHECK-NEXT: Write of size 8 at addr [[ADDR:[0-9a-f]{16}]] by task main/{{[0-9]+}}
                // CHECK: Call Trace:
                // CHECK-NEXT: io.jkasan.samples.OffHeapLongArray.set+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (OffHeapLongArray.java:{{[0-9]+}})
                // CHECK-NEXT: io.jkasan.samples.LongArrayScenario.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (LongArrayScenario.java:[[@ACCESS]])
                // CHECK: created by:
                // CHECK-NEXT: io.jkasan.samples.OffHeapLongArray.<init>+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (OffHeapLongArray.java:{{[0-9]+}})
                // CHECK: The buggy address is located 0 bytes to the right of
                // CHECK-NEXT: 80-byte region [{{[0-9a-f]{16}}}, [[ADDR]])
                // CHECK: Allocated by task main/{{[0-9]+}}:
                // CHECK-NEXT: io.jkasan.samples.OffHeapLongArray.<init>+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (OffHeapLongArray.java:{{[0-9]+}})
                // CHECK-NOT: Freed by task
                // CHECK: Memory state around the buggy address:
            }
            for (int i = 0; i < squares.length(); i++) {
                sum += squares.get(i);
            }
        }
        return "sum of squares " + sum;
    }
}
