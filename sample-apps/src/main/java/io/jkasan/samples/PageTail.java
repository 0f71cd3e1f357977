package io.jkasan.samples;

import sun.misc.Unsafe;

/**
 * Reads 100 bytes past a 3000-byte allocation, still inside its last page: the kernel's {@code vmalloc_oob}
 * test, which only vmalloc-granular (not page-granular) poisoning catches.
 */
final class PageTail implements Scenario {
    private static final long SIZE = 3000;

    @Override
    public String run(final boolean bug) {
        final Unsafe unsafe = Unsafes.unsafe();
        final long p = unsafe.allocateMemory(SIZE); // @ALLOC
        unsafe.setMemory(p, SIZE, (byte) 3);
        final long index = bug ? 3100 : 2999;
        final byte b = unsafe.getByte(p + index); // @ACCESS
        // CHECK: BUG: KASAN: vmalloc-out-of-bounds in io.jkasan.samples.PageTail.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
        // CHECK-NEXT: Read of size 1 at addr [[ADDR:[0-9a-f]{16}]] by task main/{{[0-9]+}}
        // CHECK: Call Trace:
        // CHECK-NEXT: io.jkasan.samples.PageTail.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (PageTail.java:[[@ACCESS]])
        // CHECK: created by:
        // CHECK-NEXT: io.jkasan.samples.PageTail.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (PageTail.java:[[@ALLOC]])
        // CHECK: The buggy address is located 100 bytes to the right of
        // CHECK-NEXT: 3000-byte region [{{[0-9a-f]{16}}}, {{[0-9a-f]{16}}})
        // CHECK: Allocated by task main/{{[0-9]+}}:
        // CHECK-NEXT: io.jkasan.samples.PageTail.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (PageTail.java:[[@ALLOC]])
        // CHECK-NOT: Freed by task
        // CHECK: Memory state around the buggy address:
        // CHECK: {{^}}>{{[0-9a-f]{16}}}: {{.*}}f8
        unsafe.freeMemory(p);
        return "read " + b;
    }
}
