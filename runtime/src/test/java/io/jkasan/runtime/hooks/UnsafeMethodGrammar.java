package io.jkasan.runtime.hooks;

/**
 * The naming grammar both {@code Unsafe} classes follow ({@code get|put} + type + ordering suffix, the CAS
 * and get-and-op families, the bulk and allocation methods), as a second opinion on the bridge table: a
 * test checks that every row's kind, size and form is what the grammar says, and the grammar proposes the
 * row for a method a new JDK adds.
 */
final class UnsafeMethodGrammar {
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

    private UnsafeMethodGrammar() {
    }

    /**
     * Classifies an {@code Unsafe} method.
     *
     * @param owner internal name of the declaring class
     * @param name method name
     * @param descriptor JVM method descriptor
     * @return the classification, or {@code null} if the method does not access memory
     */
    static UnsafeMethod classify(String owner, String name, String descriptor) {
        boolean base = descriptor.startsWith("(Ljava/lang/Object;J");
        boolean absolute = descriptor.startsWith("(J");
        switch (name) {
            case "allocateMemory":
                return descriptor.equals("(J)J") ? m(owner, name, descriptor, AccessKind.ALLOCATE, 0, false) : null;
            case "reallocateMemory":
                return descriptor.equals("(JJ)J") ? m(owner, name, descriptor, AccessKind.REALLOCATE, 0, false) : null;
            case "freeMemory":
                return descriptor.equals("(J)V") ? m(owner, name, descriptor, AccessKind.FREE, 0, false) : null;
            case "copyMemory":
            case "copySwapMemory":
                return base || absolute ? m(owner, name, descriptor, AccessKind.COPY, 0, base) : null;
            case "setMemory":
                return base || absolute ? m(owner, name, descriptor, AccessKind.SET, 0, base) : null;
            case "getUncompressedObject":
                return absolute ? m(owner, name, descriptor, AccessKind.READ, 8, false) : null;
            default:
                break;
        }
        if (!base && !absolute) {
            return null;
        }
        for (String prefix : ATOMIC_PREFIXES) {
            if (name.startsWith(prefix)) {
                int size = typeSize(name.substring(prefix.length()), ATOMIC_SUFFIXES);
                return size == 0 ? null : m(owner, name, descriptor, AccessKind.ATOMIC, size, base);
            }
        }
        if (name.startsWith("putOrdered")) {
            int size = typeSize(name.substring("putOrdered".length()), new String[] {""});
            return size == 0 ? null : m(owner, name, descriptor, AccessKind.WRITE, size, base);
        }
        if (name.startsWith("get")) {
            int size = typeSize(name.substring(3), READ_SUFFIXES);
            return size == 0 ? null : m(owner, name, descriptor, AccessKind.READ, size, base);
        }
        if (name.startsWith("put")) {
            int size = typeSize(name.substring(3), WRITE_SUFFIXES);
            return size == 0 ? null : m(owner, name, descriptor, AccessKind.WRITE, size, base);
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

    private static UnsafeMethod m(String owner, String name, String descriptor, AccessKind kind, int size,
            boolean base) {
        return new UnsafeMethod(owner, name, descriptor, kind, size, base, null);
    }
}
