package io.jkasan.samples;

import io.jkasan.ThreadStack;
import sun.misc.Unsafe;

/**
 * Reads a word 16 bytes below the lowest address of the thread's stack, in the guard page under it: jkasan
 * prints the VMAP_STACK message ({@code BUG: stack guard page was hit}) rather than a KASAN header. The twin
 * reads 16 bytes above the lowest address, inside the stack. Uses {@code io.jkasan.ThreadStack}, so it runs
 * only under the agent.
 */
final class StackGuardAccess implements Scenario {
    private static final long DISTANCE = 16;

    @Override
    public String run(final boolean bug) {
        final Unsafe unsafe = Unsafes.unsafe();
        final long low = ThreadStack.low();
        final long address = bug ? low - DISTANCE : low + DISTANCE;
        unsafe.getLong(address); // @ACCESS
        // CHECK: {{^={66}$}}
        // CHECK-NEXT: {{^}}BUG: stack guard page was hit at [[ADDR:[0-9a-f]{16}]] (stack is [[LOW:[0-9a-f]{16}]]..[[HIGH:[0-9a-f]{16}]]){{$}}
        // CHECK-EMPTY:
        // CHECK-NEXT: {{^}}Call Trace:{{$}}
        // CHECK-NEXT: {{^}} io.jkasan.samples.StackGuardAccess.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (StackGuardAccess.java:[[@ACCESS]]){{$}}
        // CHECK-NEXT: {{^}} io.jkasan.samples.Demo.main+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (Demo.java:{{[0-9]+}}){{$}}
        // CHECK-EMPTY:
        // CHECK-NEXT: {{^={66}$}}
        // CHECK-NOT: BUG: KASAN
        return "read the word " + DISTANCE + " bytes " + (bug ? "below" : "above") + " the stack's low end";
    }
}
