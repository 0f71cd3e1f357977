package io.jkasan.samples;

import io.jkasan.ThreadStack;
import sun.misc.Unsafe;

/**
 * Writes one byte past a 13-byte buffer kept on the guarded thread stack (the kernel's {@code kasan_stack_oob}):
 * the byte lands in the buffer's last, partial granule and then the redzone between it and the next object.
 *
 * <p>The frame layout, from the frame's top (the top of the fresh stack) down: a 32-byte {@code f3} redzone, the
 * 13-byte {@code name} (shadow {@code 00 05}, offset 88 from the frame's low end), a 32-byte {@code f2} redzone,
 * the 24-byte {@code id} (shadow {@code 00 00 00}, offset 32), a 32-byte {@code f1} redzone. Uses {@code io.jkasan.ThreadStack}, so it runs only under the agent.
 */
final class StackRedzone implements Scenario {
    private static final long NAME = 13;
    private static final long ID = 24;

    @Override
    public String run(final boolean bug) {
        final Unsafe unsafe = Unsafes.unsafe();
        try (ThreadStack.Frame frame = ThreadStack.push()) { // @PUSH
            final long name = frame.alloc(NAME);
            final long id = frame.calloc(ID);
            unsafe.putLong(id + ID - 8, 0x2a);
            final long index = bug ? NAME : NAME - 1;
            unsafe.putByte(name + index, (byte) 0); // @ACCESS
            // CHECK: BUG: KASAN: stack-out-of-bounds in io.jkasan.samples.StackRedzone.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
            // CHECK-NEXT: {{^}}Write of size 1 at addr [[ADDR:[0-9a-f]{16}]] by task main/{{[0-9]+}}{{$}}
            // CHECK-EMPTY:
            // CHECK-NEXT: {{^}}Call Trace:{{$}}
            // CHECK-NEXT: {{^}} io.jkasan.samples.StackRedzone.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (StackRedzone.java:[[@ACCESS]]){{$}}
            // CHECK-NEXT: {{^}} io.jkasan.samples.Demo.main+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (Demo.java:{{[0-9]+}}){{$}}
            // CHECK-EMPTY:
            // CHECK-NEXT: {{^}}The buggy address belongs to stack of task main/{{[0-9]+}}{{$}}
            // CHECK-NEXT: {{^}} and is located at offset 101 in frame #0:{{$}}
            // CHECK-NEXT: {{^}} io.jkasan.samples.StackRedzone.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (StackRedzone.java:[[@PUSH]]){{$}}
            // CHECK-EMPTY:
            // CHECK-NEXT: {{^}}This frame has 2 object(s):{{$}}
            // CHECK-NEXT: {{^}} [88, 101){{$}}
            // CHECK-NEXT: {{^}} [32, 56){{$}}
            // CHECK-EMPTY:
            // CHECK-NEXT: {{^}}Memory state around the buggy address:{{$}}
            // CHECK-NEXT: {{^}} {{[0-9a-f]{16}}}: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00{{$}}
            // CHECK-NEXT: {{^}} {{[0-9a-f]{16}}}: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 f1{{$}}
            // CHECK-NEXT: {{^}}>{{[0-9a-f]{16}}}: f1 f1 f1 00 00 00 f2 f2 f2 f2 00 05 f3 f3 f3 f3{{$}}
            // CHECK-NEXT: {{^ {52}\^$}}
            // CHECK-NEXT: {{^}} {{[0-9a-f]{16}}}: f8 f8 f8 f8 f8 f8 f8 f8 f8 f8 f8 f8 f8 f8 f8 f8{{$}}
            // CHECK-NEXT: {{^}} {{[0-9a-f]{16}}}: f8 f8 f8 f8 f8 f8 f8 f8 f8 f8 f8 f8 f8 f8 f8 f8{{$}}
            // CHECK-NEXT: {{^={66}$}}
            // CHECK-NOT: BUG:
            return "wrote name[" + index + "], id ends in " + unsafe.getLong(id + ID - 8);
        }
    }
}
