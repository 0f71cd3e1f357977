package io.jkasan.samples;

import io.jkasan.ThreadStack;
import java.util.LinkedHashMap;
import java.util.Map;
import sun.misc.Unsafe;

/**
 * Parses {@code key=value;key=value} records from an off-heap input buffer, as a protocol decoder might. Each
 * record is handled in its own frame on the thread's guarded stack: the key and the value are copied into
 * scratch buffers there with {@link Unsafe#copyMemory(long, long, long)}, NUL-terminated (so the scratch can be
 * handed to C-string code), the key is lower-cased in place, and both are decoded into the result.
 *
 * <p>The planted bug is in {@link #parseRecord}: the key's scratch buffer is sized {@code keyLength}, with no
 * room for the terminator, so the terminating 0 is written one byte past the buffer, into the redzone below it.
 * The correct parser sizes it {@code keyLength + 1}.
 */
final class StackRecordParser {
    private final Unsafe unsafe = Unsafes.unsafe();
    private final boolean noRoomForTerminator;

    /**
     * @param noRoomForTerminator {@code true} to plant the bug
     */
    StackRecordParser(final boolean noRoomForTerminator) {
        this.noRoomForTerminator = noRoomForTerminator;
    }

    /**
     * @param input the first byte of the input
     * @param length input bytes
     * @return the records, keys lower-cased, in input order
     */
    Map<String, String> parse(final long input, final long length) {
        final Map<String, String> out = new LinkedHashMap<>();
        long pos = 0;
        while (pos < length) {
            long end = indexOf(input, pos, length, (byte) ';');
            if (end < 0) {
                end = length;
            }
            final long eq = indexOf(input, pos, end, (byte) '=');
            if (eq <= pos) {
                throw new IllegalArgumentException("malformed record at offset " + pos);
            }
            parseRecord(input + pos, eq - pos, input + eq + 1, end - eq - 1, out); // @CALL
            pos = end + 1;
        }
        return out;
    }

    private void parseRecord(final long key, final long keyLength, final long value, final long valueLength,
            final Map<String, String> out) {
        try (ThreadStack.Frame frame = ThreadStack.push()) { // @PUSH
            final long k = frame.alloc(noRoomForTerminator ? keyLength : keyLength + 1);
            final long v = frame.alloc(valueLength + 1);
            unsafe.copyMemory(key, k, keyLength);
            unsafe.putByte(k + keyLength, (byte) 0); // @ACCESS
            // CHECK: BUG: KASAN: stack-out-of-bounds in io.jkasan.samples.StackRecordParser.parseRecord+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
            // CHECK-NEXT: {{^}}Write of size 1 at addr [[ADDR:[0-9a-f]{16}]] by task main/{{[0-9]+}}{{$}}
            // CHECK-EMPTY:
            // CHECK-NEXT: {{^}}Call Trace:{{$}}
            // CHECK-NEXT: {{^}} io.jkasan.samples.StackRecordParser.parseRecord+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (StackRecordParser.java:[[@ACCESS]]){{$}}
            // CHECK-NEXT: {{^}} io.jkasan.samples.StackRecordParser.parse+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (StackRecordParser.java:[[@CALL]]){{$}}
            // CHECK-NEXT: {{^}} io.jkasan.samples.StackParserScenario.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (StackParserScenario.java:{{[0-9]+}}){{$}}
            // CHECK-NEXT: {{^}} io.jkasan.samples.Demo.main+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (Demo.java:{{[0-9]+}}){{$}}
            // CHECK-EMPTY:
            // CHECK-NEXT: {{^}}The buggy address belongs to stack of task main/{{[0-9]+}}{{$}}
            // CHECK-NEXT: {{^}} and is located at offset 76 in frame #0:{{$}}
            // CHECK-NEXT: {{^}} io.jkasan.samples.StackRecordParser.parseRecord+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (StackRecordParser.java:[[@PUSH]]){{$}}
            // CHECK-EMPTY:
            // CHECK-NEXT: {{^}}This frame has 2 object(s):{{$}}
            // CHECK-NEXT: {{^}} [72, 76){{$}}
            // CHECK-NEXT: {{^}} [32, 38){{$}}
            // CHECK-EMPTY:
            // CHECK-NEXT: {{^}}Memory state around the buggy address:{{$}}
            // CHECK-NEXT: {{^}} {{[0-9a-f]{16}}}: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00{{$}}
            // CHECK-NEXT: {{^}} {{[0-9a-f]{16}}}: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00{{$}}
            // CHECK-NEXT: {{^}}>{{[0-9a-f]{16}}}: 00 00 f1 f1 f1 f1 06 f2 f2 f2 f2 04 f3 f3 f3 f3{{$}}
            // CHECK-NEXT: {{^ {52}\^$}}
            // CHECK-NEXT: {{^}} {{[0-9a-f]{16}}}: f8 f8 f8 f8 f8 f8 f8 f8 f8 f8 f8 f8 f8 f8 f8 f8{{$}}
            // CHECK-NEXT: {{^}} {{[0-9a-f]{16}}}: f8 f8 f8 f8 f8 f8 f8 f8 f8 f8 f8 f8 f8 f8 f8 f8{{$}}
            // CHECK-NEXT: {{^={66}$}}
            // CHECK-NOT: BUG:
            unsafe.copyMemory(value, v, valueLength);
            unsafe.putByte(v + valueLength, (byte) 0);
            for (long i = 0; i < keyLength; i++) {
                final byte c = unsafe.getByte(k + i);
                if (c >= 'A' && c <= 'Z') {
                    unsafe.putByte(k + i, (byte) (c + ('a' - 'A')));
                }
            }
            out.put(decode(k, keyLength), decode(v, valueLength));
        }
    }

    private long indexOf(final long base, final long from, final long to, final byte b) {
        for (long i = from; i < to; i++) {
            if (unsafe.getByte(base + i) == b) {
                return i;
            }
        }
        return -1;
    }

    private String decode(final long p, final long length) {
        final char[] chars = new char[(int) length];
        for (int i = 0; i < length; i++) {
            chars[i] = (char) (unsafe.getByte(p + i) & 0xff);
        }
        return new String(chars);
    }
}
