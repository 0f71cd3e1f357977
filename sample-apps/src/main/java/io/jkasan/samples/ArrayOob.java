package io.jkasan.samples;

import sun.misc.Unsafe;

/** Reads {@code int[4]} element 4 through {@code Unsafe.getInt(array, offset)}. */
final class ArrayOob implements Scenario {
    @Override
    public String run(final boolean bug) {
        final Unsafe unsafe = Unsafes.unsafe();
        final int[] values = {10, 20, 30, 40};
        final int index = bug ? values.length : values.length - 1;
        final int v = unsafe.getInt(values, (long) Unsafe.ARRAY_INT_BASE_OFFSET + 4L * index); // @ACCESS
        // CHECK: BUG: KASAN: array-out-of-bounds in io.jkasan.samples.ArrayOob.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
        // CHECK-NEXT: Read of size 4 at addr {{[0-9a-f]{16}}} by task main/{{[0-9]+}}
        // CHECK: Call Trace:
        // CHECK-NEXT: io.jkasan.samples.ArrayOob.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (ArrayOob.java:[[@ACCESS]])
        // CHECK-NOT: Allocated by task
        // CHECK: {{^=+$}}
        return "element " + index + " = " + v;
    }
}
