package io.jkasan.runtime.hooks;

/**
 * The table that drives rewriting: which {@code sun.misc.Unsafe} and {@code jdk.internal.misc.Unsafe}
 * methods access memory, how, and with what size (SPEC §4).
 *
 * <p>The table is written as the naming grammar both classes follow ({@code get|put} + type + ordering
 * suffix, the CAS and get-and-op families, the bulk and allocation methods) rather than as a list, so that
 * a new overload of a known family is rewritten without an edit here. A test compares the table with every
 * public method the running JDK's {@code Unsafe} classes declare: each is either classified here or listed
 * in that test as not touching memory, so an unknown method fails the build.
 */
public final class UnsafeMethods {
    /** Internal name of {@code sun.misc.Unsafe}. */
    public static final String SUN_MISC_UNSAFE = "sun/misc/Unsafe";
    /** Internal name of {@code jdk.internal.misc.Unsafe}. */
    public static final String INTERNAL_UNSAFE = "jdk/internal/misc/Unsafe";

    private static final String[] TYPES = {
        "Boolean", "Byte", "Short", "Char", "Int", "Long", "Float", "Double", "Reference", "Object", "Address"
    };
    private static final int[] TYPE_SIZES = {1, 1, 2, 2, 4, 8, 4, 8, UnsafeMethod.REFERENCE_SIZE,
        UnsafeMethod.REFERENCE_SIZE, 8};
    private static final String[] READ_SUFFIXES = {"", "Volatile", "Acquire", "Opaque", "Unaligned"};
    private static final String[] WRITE_SUFFIXES = {"", "Volatile", "Release", "Opaque", "Unaligned"};
    private static final String[] ATOMIC_PREFIXES = {
        "compareAndSwap", "compareAndSet", "compareAndExchange", "weakCompareAndSet",
        "getAndAdd", "getAndSet", "getAndBitwiseOr", "getAndBitwiseAnd", "getAndBitwiseXor"
    };
    private static final String[] ATOMIC_SUFFIXES = {"", "Volatile", "Plain", "Acquire", "Release"};

    private UnsafeMethods() {
    }

    /**
     * @param owner an internal class name
     * @return whether call sites on this owner are candidates for rewriting
     */
    public static boolean isTargetOwner(String owner) {
        return SUN_MISC_UNSAFE.equals(owner) || INTERNAL_UNSAFE.equals(owner);
    }

    /**
     * Classifies an {@code Unsafe} method.
     *
     * @param name method name
     * @param descriptor JVM method descriptor
     * @return the classification, or {@code null} if the method does not access memory
     */
    public static UnsafeMethod classify(String name, String descriptor) {
        boolean base = descriptor.startsWith("(Ljava/lang/Object;J");
        boolean absolute = descriptor.startsWith("(J");
        switch (name) {
            case "allocateMemory":
                return descriptor.equals("(J)J") ? m(name, descriptor, AccessKind.ALLOCATE, 0, false) : null;
            case "reallocateMemory":
                return descriptor.equals("(JJ)J") ? m(name, descriptor, AccessKind.REALLOCATE, 0, false) : null;
            case "freeMemory":
                return descriptor.equals("(J)V") ? m(name, descriptor, AccessKind.FREE, 0, false) : null;
            case "copyMemory":
            case "copySwapMemory":
                return base || absolute ? m(name, descriptor, AccessKind.COPY, 0, base) : null;
            case "setMemory":
                return base || absolute ? m(name, descriptor, AccessKind.SET, 0, base) : null;
            case "getUncompressedObject":
                return absolute ? m(name, descriptor, AccessKind.READ, 8, false) : null;
            default:
                break;
        }
        if (!base && !absolute) {
            return null;
        }
        for (String prefix : ATOMIC_PREFIXES) {
            if (name.startsWith(prefix)) {
                int size = typeSize(name.substring(prefix.length()), ATOMIC_SUFFIXES);
                return size == 0 ? null : m(name, descriptor, AccessKind.ATOMIC, size, base);
            }
        }
        if (name.startsWith("putOrdered")) {
            int size = typeSize(name.substring("putOrdered".length()), new String[] {""});
            return size == 0 ? null : m(name, descriptor, AccessKind.WRITE, size, base);
        }
        if (name.startsWith("get")) {
            int size = typeSize(name.substring(3), READ_SUFFIXES);
            return size == 0 ? null : m(name, descriptor, AccessKind.READ, size, base);
        }
        if (name.startsWith("put")) {
            int size = typeSize(name.substring(3), WRITE_SUFFIXES);
            return size == 0 ? null : m(name, descriptor, AccessKind.WRITE, size, base);
        }
        return null;
    }

    private static int typeSize(String rest, String[] suffixes) {
        for (int i = 0; i < TYPES.length; i++) {
            if (rest.startsWith(TYPES[i])) {
                String suffix = rest.substring(TYPES[i].length());
                for (String s : suffixes) {
                    if (s.equals(suffix)) {
                        return TYPE_SIZES[i];
                    }
                }
            }
        }
        return 0;
    }

    private static UnsafeMethod m(String name, String descriptor, AccessKind kind, int size, boolean base) {
        return new UnsafeMethod(name, descriptor, kind, size, base);
    }

    /**
     * @param owner {@link #SUN_MISC_UNSAFE} or {@link #INTERNAL_UNSAFE}
     * @return the internal name of the class holding the bridges for that owner
     */
    public static String hookClass(String owner) {
        return SUN_MISC_UNSAFE.equals(owner) ? "io/jkasan/runtime/hooks/SunMiscUnsafeHooks"
                : "io/jkasan/runtime/hooks/InternalUnsafeHooks";
    }
}
