package io.jkasan.runtime.hooks;

/**
 * One {@code Unsafe} method that jkasan rewrites, as a row of the bridge table
 * ({@code runtime/src/bridges/unsafe-methods.tsv}): its owner, name and descriptor, what it does to memory,
 * and the {@code jdk.internal.misc.Unsafe} method its bridge performs after the check.
 *
 * <p>The bridge is a static method of the owner's hook class, of the same name, whose descriptor is the
 * original one with the receiver prepended, plus a trailing {@code int} call-site id for allocation methods
 * (docs/design.md, "Call-site rewriting").
 */
public final class UnsafeMethod {
    /** Access size that means "the element size of the array base" (reference accesses). */
    public static final int REFERENCE_SIZE = -1;

    private final String owner;
    private final String name;
    private final String descriptor;
    private final AccessKind kind;
    private final int size;
    private final boolean baseForm;
    private final String performs;

    UnsafeMethod(String owner, String name, String descriptor, AccessKind kind, int size, boolean baseForm,
            String performs) {
        this.owner = owner;
        this.name = name;
        this.descriptor = descriptor;
        this.kind = kind;
        this.size = size;
        this.baseForm = baseForm;
        this.performs = performs;
    }

    /**
     * @return the internal name of the declaring class, {@link UnsafeMethods#SUN_MISC_UNSAFE} or
     *     {@link UnsafeMethods#INTERNAL_UNSAFE}
     */
    public String owner() {
        return owner;
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

    /**
     * @return the name of the {@code jdk.internal.misc.Unsafe} method the bridge performs; it exists with the
     *     same parameter types on every supported JDK
     */
    public String performs() {
        return performs;
    }

    /** @return the internal name of the class that holds this method's bridge */
    public String hookClass() {
        return UnsafeMethods.hookClass(owner);
    }

    /** @return whether the bridge takes a trailing {@code int} call-site id */
    public boolean takesCallSite() {
        return kind == AccessKind.ALLOCATE || kind == AccessKind.REALLOCATE;
    }

    /**
     * The bridge's descriptor: the original's with the receiver prepended, plus the call-site id of an
     * allocation. A {@code sun.misc.Unsafe} receiver is passed as {@code Object}: the bridges never call it
     * (they use {@code jdk.internal.misc.Unsafe}), and the runtime must depend on {@code java.base} only, not
     * on {@code jdk.unsupported}. Passing a subtype where {@code Object} is declared keeps the operand stack
     * verifiable unchanged.
     *
     * @return the bridge's descriptor
     */
    public String bridgeDescriptor() {
        int close = descriptor.indexOf(')');
        String receiver = UnsafeMethods.SUN_MISC_UNSAFE.equals(owner) ? "Ljava/lang/Object;" : "L" + owner + ";";
        return "(" + receiver + descriptor.substring(1, close) + (takesCallSite() ? "I" : "")
                + descriptor.substring(close);
    }

    /**
     * Whether call sites of this method may share one span check with their neighbours (docs/design.md,
     * "Merged checks"): a load, store or atomic of a fixed 1..8 bytes, which neither allocates, frees nor
     * changes the shadow. Reference accesses are left out: their size is the array's slot size.
     *
     * @return whether the method has a span bridge
     */
    public boolean joinsSpans() {
        return (kind == AccessKind.READ || kind == AccessKind.WRITE || kind == AccessKind.ATOMIC) && size > 0;
    }

    /** @return the internal name of the class that holds this method's span bridge */
    public String spanHookClass() {
        return UnsafeMethods.spanHookClass(owner);
    }

    /**
     * The span bridge's descriptor: the bridge's, with a trailing {@code boolean}, whether the span the call
     * site belongs to was found clean.
     *
     * @return the span bridge's descriptor
     */
    public String spanBridgeDescriptor() {
        String bridge = bridgeDescriptor();
        int close = bridge.indexOf(')');
        return bridge.substring(0, close) + "Z" + bridge.substring(close);
    }

    @Override
    public String toString() {
        return name + descriptor + " " + kind + (size != 0 ? "/" + size : "") + (baseForm ? " base" : "");
    }
}
