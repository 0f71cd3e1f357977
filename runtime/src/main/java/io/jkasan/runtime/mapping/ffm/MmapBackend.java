package io.jkasan.runtime.mapping.ffm;

import io.jkasan.runtime.mapping.MemoryBackend;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * {@link MemoryBackend} on JDK 22+: {@code mmap(MAP_NORESERVE)} and {@code madvise(MADV_DONTNEED)}
 * through the FFM {@code Linker}, so a 64 GiB arena costs nothing until touched and released pages really
 * go back to the OS.
 */
public final class MmapBackend implements MemoryBackend {
    private static final int PROT_READ = 0x1;
    private static final int PROT_WRITE = 0x2;
    private static final int MAP_PRIVATE = 0x02;
    private static final int MAP_ANONYMOUS = 0x20;
    private static final int MAP_NORESERVE = 0x4000;
    private static final int MADV_DONTNEED = 4;

    private final MethodHandle mmap;
    private final MethodHandle madvise;

    /** Looks up {@code mmap} and {@code madvise} in the C library. */
    public MmapBackend() {
        Linker linker = Linker.nativeLinker();
        var libc = linker.defaultLookup();
        mmap = linker.downcallHandle(libc.find("mmap").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                        ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
        madvise = linker.downcallHandle(libc.find("madvise").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                        ValueLayout.JAVA_INT));
    }

    @Override
    public long reserve(long bytes) {
        long addr;
        try {
            addr = (long) mmap.invokeExact(0L, bytes, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0L);
        } catch (Throwable t) {
            throw new IllegalStateException("jkasan: mmap failed: " + t, t);
        }
        if (addr == -1L) {
            throw new OutOfMemoryError("jkasan: cannot reserve " + bytes + " bytes of address space with mmap");
        }
        return addr;
    }

    @Override
    public void discard(long address, long bytes) {
        if (bytes == 0) {
            return;
        }
        int rc;
        try {
            rc = (int) madvise.invokeExact(address, bytes, MADV_DONTNEED);
        } catch (Throwable t) {
            throw new IllegalStateException("jkasan: madvise failed: " + t, t);
        }
        if (rc != 0) {
            throw new IllegalStateException("jkasan: madvise(MADV_DONTNEED) failed for " + bytes + " bytes");
        }
    }

    @Override
    public String name() {
        return "mmap";
    }

}
