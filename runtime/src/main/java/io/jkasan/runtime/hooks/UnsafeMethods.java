package io.jkasan.runtime.hooks;

import java.util.List;
import java.util.Set;

/**
 * Which call sites the agent rewrites: the two {@code Unsafe} owners, and the lookup of a method in the
 * bridge table ({@code runtime/src/bridges/unsafe-methods.tsv}, compiled into {@link UnsafeBridgeTable}).
 *
 * <p>The table is committed and the same whatever JDK builds jkasan: it is the union of the memory methods
 * of both classes on JDK 17, 21 and 25, and each bridge performs its access through a
 * {@code jdk.internal.misc.Unsafe} method that all of them declare with the same descriptor. A method that
 * is not in the table has no bridge, so its call sites are left as they are (docs/usage.md).
 */
public final class UnsafeMethods {
    /** Internal name of {@code sun.misc.Unsafe}. */
    public static final String SUN_MISC_UNSAFE = "sun/misc/Unsafe";
    /** Internal name of {@code jdk.internal.misc.Unsafe}. */
    public static final String INTERNAL_UNSAFE = "jdk/internal/misc/Unsafe";

    /**
     * Public {@code Unsafe} methods, on any supported JDK, that neither read nor write memory through an
     * address or a (base, offset) pair: they need no bridge.
     */
    private static final Set<String> NO_MEMORY_ACCESS = Set.of(
            "addressSize", "allocateInstance", "allocateUninitializedArray", "arrayBaseOffset", "arrayIndexScale",
            "dataCacheLineAlignDown", "dataCacheLineFlushSize", "defineClass", "defineClass0",
            "ensureClassInitialized", "fullFence", "getLoadAverage", "invokeCleaner", "isBigEndian", "loadFence",
            "loadLoadFence", "objectFieldOffset", "pageSize", "park", "shouldBeInitialized", "staticFieldBase",
            "staticFieldOffset", "storeFence", "storeStoreFence", "throwException", "unalignedAccess", "unpark",
            // a cache-line write-back hint for persistent memory; it neither reads nor writes data
            "writebackMemory");

    private UnsafeMethods() {
    }

    /**
     * @param name an {@code Unsafe} method name
     * @return whether methods of that name are known not to access memory
     */
    public static boolean accessesNoMemory(String name) {
        return NO_MEMORY_ACCESS.contains(name);
    }

    /**
     * @param owner an internal class name
     * @return whether call sites on this owner are candidates for rewriting
     */
    public static boolean isTargetOwner(String owner) {
        return SUN_MISC_UNSAFE.equals(owner) || INTERNAL_UNSAFE.equals(owner);
    }

    /**
     * Looks a method up in the bridge table.
     *
     * @param owner {@link #SUN_MISC_UNSAFE} or {@link #INTERNAL_UNSAFE}
     * @param name method name
     * @param descriptor JVM method descriptor
     * @return the bridged method, or {@code null} if the table has no bridge for it
     */
    public static UnsafeMethod find(String owner, String name, String descriptor) {
        return UnsafeBridgeTable.find(owner, name, descriptor);
    }

    /** @return every row of the bridge table, in table order */
    public static List<UnsafeMethod> all() {
        return UnsafeBridgeTable.all();
    }

    /**
     * Looks a method up by its bridge, as a rewritten call site names it.
     *
     * @param hookClass internal name of a bridge class
     * @param name method name
     * @param bridgeDescriptor the bridge's descriptor
     * @return the bridged method, or {@code null} if that is not a bridge
     */
    public static UnsafeMethod findBridge(String hookClass, String name, String bridgeDescriptor) {
        String owner = hookClass(SUN_MISC_UNSAFE).equals(hookClass) ? SUN_MISC_UNSAFE
                : hookClass(INTERNAL_UNSAFE).equals(hookClass) ? INTERNAL_UNSAFE : null;
        if (owner == null || !bridgeDescriptor.startsWith("(L")) {
            return null;
        }
        String original = "(" + bridgeDescriptor.substring(bridgeDescriptor.indexOf(';') + 1);
        UnsafeMethod method = find(owner, name, original);
        return method != null && method.bridgeDescriptor().equals(bridgeDescriptor) ? method : null;
    }

    /**
     * @param owner {@link #SUN_MISC_UNSAFE} or {@link #INTERNAL_UNSAFE}
     * @return the internal name of the class holding the span bridges for that owner
     */
    public static String spanHookClass(String owner) {
        return SUN_MISC_UNSAFE.equals(owner) ? "io/jkasan/runtime/hooks/SunMiscUnsafeSpanHooks"
                : "io/jkasan/runtime/hooks/InternalUnsafeSpanHooks";
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
