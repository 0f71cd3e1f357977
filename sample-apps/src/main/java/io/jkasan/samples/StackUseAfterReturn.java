package io.jkasan.samples;

import io.jkasan.ThreadStack;
import sun.misc.Unsafe;

/**
 * A method returns the address of a buffer it kept in its own stack frame, and the caller reads it after the
 * frame was popped (the kernel's {@code kasan_stack_uar}, ASan's {@code stack-use-after-return}); the twin
 * reads the value while the frame is still open. Uses {@code io.jkasan.ThreadStack}, so it runs only under the
 * agent.
 */
final class StackUseAfterReturn implements Scenario {
    private static final long SIZE = 32;
    private static final long VALUE = 0x1122334455667788L;

    @Override
    public String run(final boolean bug) {
        final Unsafe unsafe = Unsafes.unsafe();
        final long value;
        if (bug) {
            final long p = fill(unsafe);
            value = unsafe.getLong(p + 8); // @ACCESS
            // CHECK: BUG: KASAN: stack-use-after-return in io.jkasan.samples.StackUseAfterReturn.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
            // CHECK-NEXT: {{^}}Read of size 8 at addr [[ADDR:[0-9a-f]{16}]] by task main/{{[0-9]+}}{{$}}
            // CHECK-EMPTY:
            // CHECK-NEXT: {{^}}Call Trace:{{$}}
            // CHECK-NEXT: {{^}} io.jkasan.samples.StackUseAfterReturn.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (StackUseAfterReturn.java:[[@ACCESS]]){{$}}
            // CHECK-NEXT: {{^}} io.jkasan.samples.Demo.main+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (Demo.java:{{[0-9]+}}){{$}}
            // CHECK-EMPTY:
            // CHECK-NEXT: {{^}}The buggy address belongs to stack of task main/{{[0-9]+}}{{$}}
            // CHECK-NEXT: {{^}} and is located at offset 40 in popped frame #0:{{$}}
            // CHECK-NEXT: {{^}} io.jkasan.samples.StackUseAfterReturn.fill+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (StackUseAfterReturn.java:[[@PUSH]]){{$}}
            // CHECK-EMPTY:
            // CHECK-NEXT: {{^}}This frame has 1 object(s):{{$}}
            // CHECK-NEXT: {{^}} [32, 64){{$}}
            // CHECK-EMPTY:
            // CHECK-NEXT: {{^}}Memory state around the buggy address:{{$}}
            // CHECK-NEXT: {{^}} {{[0-9a-f]{16}}}: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00{{$}}
            // CHECK-NEXT: {{^}} {{[0-9a-f]{16}}}: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00{{$}}
            // CHECK-NEXT: {{^}}>{{[0-9a-f]{16}}}: 00 00 00 00 f5 f5 f5 f5 f5 f5 f5 f5 f5 f5 f5 f5{{$}}
            // CHECK-NEXT: {{^ {46}\^$}}
            // CHECK-NEXT: {{^}} {{[0-9a-f]{16}}}: f8 f8 f8 f8 f8 f8 f8 f8 f8 f8 f8 f8 f8 f8 f8 f8{{$}}
            // CHECK-NEXT: {{^}} {{[0-9a-f]{16}}}: f8 f8 f8 f8 f8 f8 f8 f8 f8 f8 f8 f8 f8 f8 f8 f8{{$}}
            // CHECK-NEXT: {{^={66}$}}
            // CHECK-NOT: BUG:
        } else {
            value = fillAndRead(unsafe);
        }
        return "read " + Long.toHexString(value);
    }

    /** The planted bug: the buffer's address outlives the frame that holds it. */
    private static long fill(final Unsafe unsafe) {
        try (ThreadStack.Frame frame = ThreadStack.push()) { // @PUSH
            final long p = frame.alloc(SIZE);
            unsafe.setMemory(p, SIZE, (byte) 0);
            unsafe.putLong(p + 8, VALUE);
            return p;
        }
    }

    /** The twin: the same frame, read before it is popped. */
    private static long fillAndRead(final Unsafe unsafe) {
        try (ThreadStack.Frame frame = ThreadStack.push()) {
            final long p = frame.alloc(SIZE);
            unsafe.setMemory(p, SIZE, (byte) 0);
            unsafe.putLong(p + 8, VALUE);
            return unsafe.getLong(p + 8);
        }
    }
}
