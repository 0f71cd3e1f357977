package io.jkasan.runtime.mapping;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * {@code madvise(MADV_DONTNEED)} through the JDK's own native method for it: {@code java.nio.MappedMemoryUtils}'s
 * {@code unload0(address, length)}, which {@code MappedByteBuffer}'s unloading calls ({@code MappedMemoryUtils.c}
 * in {@code java.base/unix/native/libnio}), on JDK 17 as on 25. It needs no FFM {@code Linker}: on JDK 17 it lets
 * purged pages really go back to the OS, and on JDK 22+ it saves the {@code Linker} a second downcall shape at
 * start-up. The agent opens {@code java.nio} to the runtime ({@code --add-opens java.base/java.nio} outside it);
 * where that is refused or the method is missing, {@link #available()} is {@code false} and the backends keep
 * their own way.
 */
public final class JdkMadvise {
    private static final MethodHandle UNLOAD0 = find();

    private JdkMadvise() {
    }

    /** @return whether {@link #discard} can be called */
    public static boolean available() {
        return UNLOAD0 != null;
    }

    /**
     * Gives the physical pages of a page-aligned range back to the OS; the range reads as zero afterwards.
     *
     * @param address page-aligned start
     * @param bytes page-aligned length, positive
     * @throws IllegalStateException if {@code madvise} failed (the JDK throws an {@code IOException} naming errno)
     */
    public static void discard(long address, long bytes) {
        try {
            UNLOAD0.invokeExact(address, bytes);
        } catch (Throwable t) {
            throw new IllegalStateException("jkasan: madvise(MADV_DONTNEED) failed for " + bytes + " bytes at "
                    + Long.toHexString(address) + ": " + t, t);
        }
    }

    /**
     * Looks the method up and calls it once on an empty range ({@code madvise(NULL, 0)} succeeds), so that the
     * JVM binds the native now, not inside a purge. {@code libnio}, which holds it, is loaded first by
     * initialising {@code sun.nio.ch.IOUtil}: JDK 17 binds the method by name in the libraries already loaded.
     */
    private static MethodHandle find() {
        try {
            Class.forName("sun.nio.ch.IOUtil", true, null);
            Class<?> utils = Class.forName("java.nio.MappedMemoryUtils");
            MethodHandle unload0 = MethodHandles.privateLookupIn(utils, MethodHandles.lookup())
                    .findStatic(utils, "unload0", MethodType.methodType(void.class, long.class, long.class));
            unload0.invokeExact(0L, 0L);
            return unload0;
        } catch (Throwable t) {           // not opened, missing, or not bound (UnsatisfiedLinkError): fall back
            return null;
        }
    }
}
