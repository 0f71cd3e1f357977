package io.jkasan.runtime.hooks;

/**
 * The argument checks {@code jdk.internal.misc.Unsafe} makes before it touches memory, repeated by the
 * bridges before their own check so that a rewritten call throws exactly what the original throws, and
 * first: an {@code IllegalArgumentException} without a message, as {@code Unsafe.invalidInput()} makes.
 *
 * <p>Mirrors {@code checkSize}, {@code checkOffset}, {@code checkPrimitivePointer} and the
 * {@code copyMemoryChecks}, {@code setMemoryChecks} and {@code copySwapMemoryChecks} of
 * {@code src/java.base/share/classes/jdk/internal/misc/Unsafe.java}, which are the same on JDK 17, 21 and
 * 25, for a 64-bit VM ({@code ADDRESS_SIZE == 8}): a native address is never checked there, a size or an
 * offset from a heap base only for being negative. {@code sun.misc.Unsafe} delegates to these methods, so
 * its bridges use the same checks.
 */
public final class UnsafeArguments {
    private UnsafeArguments() {
    }

    /**
     * {@code checkSize}, as {@code allocateMemory} and {@code reallocateMemory} run it.
     *
     * @param bytes a size
     * @throws IllegalArgumentException if it is negative
     */
    public static void checkSize(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException();
        }
    }

    /**
     * {@code setMemoryChecks}.
     *
     * @param base heap base or {@code null}
     * @param offset offset or address
     * @param bytes size
     * @throws IllegalArgumentException as {@code Unsafe.setMemory} would
     */
    public static void checkSet(Object base, long offset, long bytes) {
        checkPrimitivePointer(base, offset);
        checkSize(bytes);
    }

    /**
     * {@code copyMemoryChecks}.
     *
     * @param srcBase source heap base or {@code null}
     * @param srcOffset source offset or address
     * @param dstBase destination heap base or {@code null}
     * @param dstOffset destination offset or address
     * @param bytes size
     * @throws IllegalArgumentException as {@code Unsafe.copyMemory} would
     */
    public static void checkCopy(Object srcBase, long srcOffset, Object dstBase, long dstOffset, long bytes) {
        checkSize(bytes);
        checkPrimitivePointer(srcBase, srcOffset);
        checkPrimitivePointer(dstBase, dstOffset);
    }

    /**
     * {@code copySwapMemoryChecks}.
     *
     * @param srcBase source heap base or {@code null}
     * @param srcOffset source offset or address
     * @param dstBase destination heap base or {@code null}
     * @param dstOffset destination offset or address
     * @param bytes size
     * @param elemSize element size: 2, 4 or 8, dividing {@code bytes}
     * @throws IllegalArgumentException as {@code Unsafe.copySwapMemory} would
     */
    public static void checkCopySwap(Object srcBase, long srcOffset, Object dstBase, long dstOffset, long bytes,
            long elemSize) {
        checkSize(bytes);
        if (elemSize != 2 && elemSize != 4 && elemSize != 8) {
            throw new IllegalArgumentException();
        }
        if (bytes % elemSize != 0) {
            throw new IllegalArgumentException();
        }
        checkPrimitivePointer(srcBase, srcOffset);
        checkPrimitivePointer(dstBase, dstOffset);
    }

    /** {@code checkPrimitivePointer}: a heap base must be a primitive array, at a non-negative offset. */
    private static void checkPrimitivePointer(Object base, long offset) {
        if (base == null) {
            return;
        }
        if (offset < 0) {
            throw new IllegalArgumentException();
        }
        Class<?> component = base.getClass().getComponentType();
        if (component == null || !component.isPrimitive()) {
            throw new IllegalArgumentException();
        }
    }
}
