package io.jkasan.samples;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import sun.misc.Unsafe;

/**
 * JDK I/O whose native buffers now come from the vmalloc space: {@code Files} (path strings in
 * {@code NativeBuffer}s), {@code FileChannel} with heap buffers (the JDK's temporary direct buffers, freed by
 * their cleaners when the per-thread cache overflows) and with direct buffers of several sizes. The JDK's
 * own accesses are not checked, and nothing may be reported or break. The buggy variant then reads one byte
 * past a direct buffer that {@code FileChannel.read} filled.
 */
final class JdkIoChurn implements Scenario {
    private static final int ROUNDS = 300;

    @Override
    public String run(final boolean bug) throws IOException {
        final Path dir = Files.createTempDirectory("jkasan-io");
        long total = 0;
        try {
            for (int i = 0; i < ROUNDS; i++) {
                final Path file = dir.resolve("f" + (i % 7));
                Files.write(file, List.of("line " + i, "more " + i), StandardCharsets.UTF_8);
                total += Files.readAllLines(file, StandardCharsets.UTF_8).size();
                total += Files.size(file);
                final int size = 1 + (i * 977) % 70_000;  // past the temporary buffer cache's sizes now and then
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    total += ch.write(ByteBuffer.wrap(new byte[size]));
                    ch.position(0);
                    total += ch.read(ByteBuffer.allocate(size));
                    ch.position(0);
                    total += ch.read(ByteBuffer.allocateDirect(size));
                }
                Files.delete(file);
            }
            final ByteBuffer direct = ByteBuffer.allocateDirect(24); // @ALLOC
            try (FileChannel ch = FileChannel.open(dir.resolve("last"), StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, StandardOpenOption.READ, StandardOpenOption.DELETE_ON_CLOSE)) {
                ch.write(ByteBuffer.wrap("twenty-four bytes here..".getBytes(StandardCharsets.US_ASCII)));
                ch.position(0);
                total += ch.read(direct);
            }
            final Unsafe unsafe = Unsafes.unsafe();
            total += unsafe.getByte(OffHeapFacade.address(direct) + (bug ? 24 : 23)); // @ACCESS
            // CHECK: BUG: KASAN: vmalloc-out-of-bounds in io.jkasan.samples.JdkIoChurn.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
            // CHECK-NEXT: Read of size 1 at addr [[ADDR:[0-9a-f]{16}]] by task main/{{[0-9]+}}
            // CHECK: created by:
            // CHECK-NEXT: io.jkasan.samples.JdkIoChurn.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (JdkIoChurn.java:[[@ALLOC]])
            // CHECK: The buggy address is located 0 bytes to the right of
            // CHECK-NEXT: 24-byte region [{{[0-9a-f]{16}}}, [[ADDR]])
        } finally {
            Files.delete(dir);
        }
        return "moved " + total + " bytes through Files and FileChannel";
    }
}
