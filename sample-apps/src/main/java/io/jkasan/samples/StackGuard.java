package io.jkasan.samples;

import io.jkasan.ThreadStack;
import sun.misc.Unsafe;

/**
 * Asks for a 40,000-byte buffer on a 32 KiB thread stack: the allocation would run the stack pointer through
 * the guard page below the stack, so jkasan prints the VMAP_STACK message ({@code BUG: stack guard page was
 * hit}) and {@code alloc} throws {@link StackOverflowError}, which the program catches. The twin asks for
 * 1,000 bytes. Uses {@code io.jkasan.ThreadStack}, so it runs only under the agent.
 */
final class StackGuard implements Scenario {
    @Override
    public String run(final boolean bug) {
        final Unsafe unsafe = Unsafes.unsafe();
        final long size = bug ? 40_000 : 1_000;
        try (ThreadStack.Frame frame = ThreadStack.push()) {
            final long p = frame.alloc(size); // @ALLOC
            // CHECK: {{^={66}$}}
            // CHECK-NEXT: {{^}}BUG: stack guard page was hit at [[ADDR:[0-9a-f]{16}]] (stack is [[LOW:[0-9a-f]{16}]]..[[HIGH:[0-9a-f]{16}]]){{$}}
            // CHECK-EMPTY:
            // CHECK-NEXT: {{^}}Call Trace:{{$}}
            // CHECK-NEXT: {{^}} io.jkasan.samples.StackGuard.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (StackGuard.java:[[@ALLOC]]){{$}}
            // CHECK-NEXT: {{^}} io.jkasan.samples.Demo.main+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (Demo.java:{{[0-9]+}}){{$}}
            // CHECK-EMPTY:
            // CHECK-NEXT: {{^={66}$}}
            // CHECK-NOT: BUG: KASAN
            unsafe.setMemory(p, size, (byte) 0);
            return "allocated " + size + " bytes on the thread stack";
        } catch (final StackOverflowError e) {
            return "caught " + e;
        }
    }
}
