package io.jkasan.runtime.hooks;

/**
 * One {@code Unsafe} method that jkasan rewrites: its name and descriptor, what it does to memory, and the
 * bridge that replaces it.
 *
 * <p>The bridge is a static method of the hook class of the same name whose descriptor is the original one
 * with the receiver prepended, plus a trailing {@code int} call-site id for allocation methods
 * (SPEC §4, design §Decisions 3).
 */
public final class UnsafeMethod {
    /** Access size that means "the element size of the array base" (reference accesses). */
    public static final int REFERENCE_SIZE = -1;

    private final String name;
    private final String descriptor;
    private final AccessKind kind;
    private final int size;
    private final boolean baseForm;

    UnsafeMethod(String name, String descriptor, AccessKind kind, int size, boolean baseForm) {
        this.name = name;
        this.descriptor = descriptor;
        this.kind = kind;
        this.size = size;
        this.baseForm = baseForm;
    }

    /** @return the method name, e.g. {@code getLong} */
    public String name() {
        return name;
    }

    /** @return the original JVM descriptor, e.g. {@code (J)J} */
    public String descriptor() {
        return descriptor;
    }

    /** @return what the method does to memory */
    public AccessKind kind() {
        return kind;
    }

    /**
     * @return the access size in bytes for READ/WRITE/ATOMIC, {@link #REFERENCE_SIZE} for references,
     *     0 for bulk and allocation methods
     */
    public int size() {
        return size;
    }

    /** @return whether the first operand is an {@code (Object base, long offset)} pair */
    public boolean baseForm() {
        return baseForm;
    }

    /** @return whether the bridge takes a trailing {@code int} call-site id */
    public boolean takesCallSite() {
        return kind == AccessKind.ALLOCATE || kind == AccessKind.REALLOCATE;
    }

    /**
     * The bridge's descriptor. A {@code sun.misc.Unsafe} receiver is passed as {@code Object}: the bridges
     * never call it (they use {@code jdk.internal.misc.Unsafe}), and the runtime must depend on
     * {@code java.base} only, not on {@code jdk.unsupported}. Passing a subtype where {@code Object} is
     * declared keeps the operand stack verifiable unchanged.
     *
     * @param receiverDescriptor the receiver type, e.g. {@code Lsun/misc/Unsafe;}
     * @return the bridge's descriptor
     */
    public String bridgeDescriptor(String receiverDescriptor) {
        int close = descriptor.indexOf(')');
        String receiver = ("L" + UnsafeMethods.SUN_MISC_UNSAFE + ";").equals(receiverDescriptor)
                ? "Ljava/lang/Object;" : receiverDescriptor;
        return "(" + receiver + descriptor.substring(1, close) + (takesCallSite() ? "I" : "")
                + descriptor.substring(close);
    }

    @Override
    public String toString() {
        return name + descriptor + " " + kind + (size != 0 ? "/" + size : "") + (baseForm ? " base" : "");
    }
}
