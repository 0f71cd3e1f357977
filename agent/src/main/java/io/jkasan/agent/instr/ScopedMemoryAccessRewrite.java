package io.jkasan.agent.instr;

/**
 * The check at the funnel of every {@code MemorySegment} access (JDK 22+): the rewrite of
 * {@code jdk.internal.misc.ScopedMemoryAccess} (docs/segments.md).
 *
 * <p>Every segment access of the final FFM API (accessor methods, {@code VarHandle}s of value layouts, layout
 * paths and {@code arrayElementVarHandle}, {@code copy}, {@code fill}, {@code mismatch}, the string accessors),
 * and every direct or heap {@code ByteBuffer} access, reaches memory through this class, generated from
 * {@code X-ScopedMemoryAccess.java.template}: a public method such as {@code getIntUnaligned(session, base,
 * offset, be)} calls {@code getIntUnalignedInternal}, which runs {@code session.checkValidStateRaw()} and then
 * one {@code jdk.internal.misc.Unsafe} call with the exact address and size. By then the JDK has checked
 * bounds, alignment, liveness, read-only and the owner thread; what is left is what the shadow knows: a
 * segment whose size is wrong ({@code reinterpret}, {@code ofAddress}) or whose memory was freed under it.
 * Rewriting those {@code Unsafe} calls with the ordinary bridges ({@link ClassRewriter}) therefore checks
 * every path at once, as KASAN instruments the access itself rather than its callers.
 *
 * <p>JDK 17 and 21 have the class too (buffers, the incubating API), and it is left alone there: their FFM
 * API is not the final one, and jkasan's behaviour on them does not change.
 */
public final class ScopedMemoryAccessRewrite {
    /** The funnel class. */
    public static final String SCOPED_MEMORY_ACCESS = "jdk/internal/misc/ScopedMemoryAccess";
    /** The first release whose final FFM API reaches memory only through the funnel. */
    private static final int FIRST_RELEASE = 22;

    private ScopedMemoryAccessRewrite() {
    }

    /**
     * @param feature a JDK feature release, as {@code Runtime.version().feature()}
     * @return whether the funnel is rewritten on that release
     */
    public static boolean appliesTo(int feature) {
        return feature >= FIRST_RELEASE;
    }

    /**
     * @param classfile the class file of {@code jdk.internal.misc.ScopedMemoryAccess}
     * @return the class file with every {@code Unsafe} memory call and the {@code vectorizedMismatch} call
     *     bridged, or {@code null} if there was none
     * @throws RuntimeException if the class cannot be parsed or written (the caller leaves it unchanged)
     */
    public static byte[] rewrite(byte[] classfile) {
        // Every funnel call is an access, so its bridges are replacements in place; ASM's rewrite stays for a
        // JDK whose funnel would need more.
        InPlaceCallPatch patch = InPlaceCallPatch.of(classfile);
        return patch.inPlace() ? patch.apply() : ClassRewriter.rewriteWithMismatch(classfile);
    }
}
