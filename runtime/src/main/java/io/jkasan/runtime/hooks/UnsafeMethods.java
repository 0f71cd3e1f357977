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
     * @param owner {@link #SUN_MISC_UNSAFE} or {@link #INTERNAL_UNSAFE}
     * @return the internal name of the class holding the bridges for that owner
     */
    public static String hookClass(String owner) {
        return SUN_MISC_UNSAFE.equals(owner) ? "io/jkasan/runtime/hooks/SunMiscUnsafeHooks"
                : "io/jkasan/runtime/hooks/InternalUnsafeHooks";
    }
}
