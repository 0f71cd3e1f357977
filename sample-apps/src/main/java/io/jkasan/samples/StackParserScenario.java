package io.jkasan.samples;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import sun.misc.Unsafe;

/**
 * Feeds a few {@code key=value} records, read into an off-heap buffer, through {@link StackRecordParser},
 * which keeps its scratch buffers on jkasan's guarded thread stack. Uses {@code io.jkasan.ThreadStack}, so it
 * runs only under the agent.
 */
final class StackParserScenario implements Scenario {
    private static final String INPUT = "Name=Alice;City=Paris;Lang=Java;Editor=vi";

    @Override
    public String run(final boolean bug) {
        final Unsafe unsafe = Unsafes.unsafe();
        final byte[] bytes = INPUT.getBytes(StandardCharsets.US_ASCII);
        final long input = unsafe.allocateMemory(bytes.length);
        try {
            for (int i = 0; i < bytes.length; i++) {
                unsafe.putByte(input + i, bytes[i]);
            }
            final Map<String, String> records = new StackRecordParser(bug).parse(input, bytes.length);
            final StringBuilder sb = new StringBuilder("parsed ").append(records.size()).append(" records:");
            for (final Map.Entry<String, String> e : records.entrySet()) {
                sb.append(' ').append(e.getKey()).append('=').append(e.getValue());
            }
            return sb.toString();
        } finally {
            unsafe.freeMemory(input);
        }
    }
}
