package io.jkasan.runtime.mapping.ffm;

import io.jkasan.runtime.jdk.NativeAccess;
import io.jkasan.runtime.mapping.JdkMadvise;
import io.jkasan.runtime.mapping.MemoryBackend;
import io.jkasan.runtime.mapping.ReservationException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * {@link MemoryBackend} on JDK 22+ for an arena the kernel refuses {@code malloc} (larger than memory plus
 * swap): {@code mmap(MAP_NORESERVE)} through the FFM {@code Linker}, so a 64 GiB arena costs nothing until
 * touched, whatever the machine, and {@code madvise(MADV_DONTNEED)} through the JDK's own native method
 * ({@link JdkMadvise}; through the {@code Linker} only where that is not reachable), so released pages really
 * go back to the OS.
 */
public final class MmapBackend implements MemoryBackend {
    private static final int PROT_READ = 0x1;
    private static final int PROT_WRITE = 0x2;
    private static final int MAP_PRIVATE = 0x02;
    private static final int MAP_ANONYMOUS = 0x20;
    private static final int MAP_NORESERVE = 0x4000;
    private static final int MADV_DONTNEED = 4;
    private static final long MAP_FAILED = -1L;

    private final MethodHandle mmap;
    /** Linked on first use, and only where {@link JdkMadvise} is not reachable. */
    private MethodHandle madvise;
    /** Linked on first use: only a reservation that failed probes with it (docs/performance.md §4). */
    private MethodHandle munmap;

    /**
     * Looks up {@code mmap} in the C library. Each new downcall shape costs start-up time (the JDK spins a stub
     * and its method handles), so {@code munmap}, which only the search for the largest arena after a refused
     * reservation needs, is linked then, and {@code madvise} only if the JDK's own cannot be called. Native
     * access is granted first, so that the downcalls print no restricted-method warning.
     */
    public MmapBackend() {
        NativeAccess.grantToAllUnnamed();
        Linker linker = Linker.nativeLinker();
        mmap = linker.downcallHandle(linker.defaultLookup().find("mmap").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                        ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
    }

    private synchronized MethodHandle madvise() {
        if (madvise == null) {
            Linker linker = Linker.nativeLinker();
            madvise = linker.downcallHandle(linker.defaultLookup().find("madvise").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                            ValueLayout.JAVA_INT));
        }
        return madvise;
    }

    private synchronized MethodHandle munmap() {
        if (munmap == null) {
            Linker linker = Linker.nativeLinker();
            munmap = linker.downcallHandle(linker.defaultLookup().find("munmap").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
        }
        return munmap;
    }

    @Override
    public long reserve(long bytes) throws ReservationException {
        long addr = map(bytes);
        if (addr == MAP_FAILED) {
            throw new ReservationException(name(), bytes, "mmap returned MAP_FAILED");
        }
        return addr;
    }

    @Override
    public boolean canReserve(long bytes) {
        long addr = map(bytes);
        if (addr == MAP_FAILED) {
            return false;
        }
        int rc;
        try {
            rc = (int) munmap().invokeExact(addr, bytes);
        } catch (Throwable t) {
            throw new IllegalStateException("jkasan: munmap failed: " + t, t);
        }
        if (rc != 0) {
            throw new IllegalStateException("jkasan: munmap failed for " + bytes + " bytes");
        }
        return true;
    }

    private long map(long bytes) {
        try {
            return (long) mmap.invokeExact(0L, bytes, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0L);
        } catch (Throwable t) {
            throw new IllegalStateException("jkasan: mmap failed: " + t, t);
        }
    }

    /** {@code madvise(MADV_DONTNEED)} through a {@code Linker} downcall, linked on first use. */
    @Override
    public void discardFallback(long address, long bytes) {
        int rc;
        try {
            rc = (int) madvise().invokeExact(address, bytes, MADV_DONTNEED);
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
