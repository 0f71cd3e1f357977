package io.jkasan.samples.segments;

import io.jkasan.samples.Scenario;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Maps a file twice, as a {@code MemorySegment} and as a {@code MappedByteBuffer}, and writes and reads it
 * through both (single values, {@code fill}, {@code copy}, {@code mismatch}, bulk buffer gets): the mapping is
 * the operating system's, outside jkasan's arena, and never reported. It has no buggy variant.
 */
public final class SegmentMappedFile implements Scenario {
    private static final int SIZE = 8192;

    @Override
    public String run(final boolean bug) throws IOException {
        final Path file = Files.createTempFile("jkasan-mapped", ".bin");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
                Arena arena = Arena.ofConfined()) {
            final MemorySegment segment = channel.map(FileChannel.MapMode.READ_WRITE, 0, SIZE, arena);
            segment.fill((byte) 1);
            segment.set(ValueLayout.JAVA_LONG, 8, 0x0102030405060708L);
            MemorySegment.copy(segment, 0, segment, SIZE / 2, SIZE / 2);
            final long differ = MemorySegment.mismatch(segment, 0, SIZE / 2, segment, SIZE / 2, SIZE);
            final MappedByteBuffer buffer = channel.map(FileChannel.MapMode.READ_WRITE, 0, SIZE);
            buffer.putInt(SIZE - 4, 42);
            final byte[] bytes = new byte[SIZE];
            buffer.get(0, bytes);
            buffer.force();
            long sum = differ + buffer.getLong(SIZE / 2 + 8) + segment.get(ValueLayout.JAVA_INT, SIZE - 4);
            for (final byte b : bytes) {
                sum += b;
            }
            return "checksum " + sum;
        } finally {
            Files.delete(file);
        }
    }
}
