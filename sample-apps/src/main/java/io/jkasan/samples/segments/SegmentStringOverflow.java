package io.jkasan.samples.segments;

import io.jkasan.samples.Scenario;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * {@code getString(0)} on a 64-byte alias of 16 bytes that hold no terminating NUL: the JDK's {@code strlen}
 * reads on past the memory: a long that holds the page tail's first zero byte, then that byte again, two
 * reports with {@code multi_shot}. The twin's 16 bytes end in a NUL.
 */
public final class SegmentStringOverflow implements Scenario {
    private static final long SIZE = 16;

    @Override
    public String run(final boolean bug) {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment segment = arena.allocate(SIZE); // @ALLOC
            final byte[] text = (bug ? "jkasan-segments!" : "jkasan-segments\0").getBytes(StandardCharsets.US_ASCII);
            MemorySegment.copy(text, 0, segment, ValueLayout.JAVA_BYTE, 0, text.length);
            final MemorySegment alias = MemorySegment.ofAddress(segment.address()).reinterpret(64);
            final String read = alias.getString(0); // @ACCESS
            // CHECK: BUG: KASAN: vmalloc-out-of-bounds in io.jkasan.samples.segments.SegmentStringOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
            // CHECK-NEXT: Read of size 8 at addr [[ADDR:[0-9a-f]{16}]] by task main/{{[0-9]+}}
            // CHECK: Call Trace:
            // CHECK-NEXT: jdk.internal.misc.ScopedMemoryAccess.getLongUnalignedInternal+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (ScopedMemoryAccess.java:{{[0-9]+}})
            // CHECK: jdk.internal.foreign.StringSupport.strlenByte+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (StringSupport.java:{{[0-9]+}})
            // CHECK: io.jkasan.samples.segments.SegmentStringOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (SegmentStringOverflow.java:[[@ACCESS]])
            // CHECK: created by:
            // CHECK-NEXT: io.jkasan.samples.segments.SegmentStringOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (SegmentStringOverflow.java:[[@ALLOC]])
            // CHECK: The buggy address is located 0 bytes to the right of
            // CHECK-NEXT: 16-byte region [{{[0-9a-f]{16}}}, [[ADDR]])
            // CHECK: Memory state around the buggy address:
            // CHECK: {{^}}>{{[0-9a-f]{16}}}: 00 00 f8
            // CHECK: BUG: KASAN: vmalloc-out-of-bounds in io.jkasan.samples.segments.SegmentStringOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
            // CHECK-NEXT: Read of size 1 at addr [[ADDR]] by task main/{{[0-9]+}}
            // CHECK: Call Trace:
            // CHECK-NEXT: jdk.internal.misc.ScopedMemoryAccess.getByteInternal+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (ScopedMemoryAccess.java:{{[0-9]+}})
            // CHECK: jdk.internal.foreign.StringSupport.strlenByte+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (StringSupport.java:{{[0-9]+}})
            // CHECK: io.jkasan.samples.segments.SegmentStringOverflow.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (SegmentStringOverflow.java:[[@ACCESS]])
            return "read " + read;
        }
    }
}
