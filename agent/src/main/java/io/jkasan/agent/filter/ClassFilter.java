package io.jkasan.agent.filter;

import io.jkasan.agent.instr.ScopedMemoryAccessRewrite;
import io.jkasan.runtime.options.ClassGlobs;

/**
 * Decides which classes get their call sites rewritten: never jkasan's own, JDK classes only with
 * {@code include_jdk=true}, then the {@code includes}/{@code excludes} globs, excludes winning.
 */
public final class ClassFilter {
    private static final String[] OWN_PREFIXES = {"io/jkasan/agent/", "io/jkasan/runtime/"};
    private static final String OWN_API_PACKAGE = "io/jkasan/";
    /**
     * {@code jdk.internal.misc.Unsafe} is never rewritten, even with {@code include_jdk}: every bridge performs
     * its access through it, and its own calls to its public methods would then call the bridge again. It is
     * retransformed once the agent runs (for the allocator interception), so this transformer sees it.
     */
    private static final String INTERNAL_UNSAFE = "jdk/internal/misc/Unsafe";
    /**
     * On JDK 22+ {@code jdk.internal.misc.ScopedMemoryAccess} is rewritten on its own, whatever
     * {@code include_jdk} says ({@code ScopedMemoryAccessRewrite}), so this transformer leaves it to that.
     */
    private static final String SCOPED_MEMORY_ACCESS = ScopedMemoryAccessRewrite.SCOPED_MEMORY_ACCESS;
    private static final boolean FUNNEL_REWRITTEN = ScopedMemoryAccessRewrite.appliesTo(Runtime.version().feature());
    private static final String[] JDK_PREFIXES = {"java/", "javax/", "jdk/", "sun/", "com/sun/"};
    private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();

    private final ClassGlobs includes;
    private final ClassGlobs excludes;
    private final boolean includeJdk;

    /**
     * @param includes {@code :}-separated globs of dotted class names to rewrite; {@code null} means all
     * @param excludes {@code :}-separated globs never to rewrite; {@code null} means none
     * @param includeJdk whether JDK classes and classes of the boot and platform loaders are candidates
     */
    public ClassFilter(String includes, String excludes, boolean includeJdk) {
        this.includes = new ClassGlobs(includes == null ? "*" : includes);
        this.excludes = new ClassGlobs(excludes == null ? "" : excludes);
        this.includeJdk = includeJdk;
    }

    /**
     * @param loader the defining loader, {@code null} for the boot loader
     * @param internalName the class's internal name ({@code com/foo/Bar})
     * @return whether the class's call sites should be rewritten
     */
    public boolean shouldInstrument(ClassLoader loader, String internalName) {
        return accepts(internalName, loader == null || loader == PLATFORM);
    }

    /**
     * The pure decision, separated from class-loader identity for tests.
     *
     * @param internalName the class's internal name
     * @param jdkLoader whether the defining loader is the boot or the platform loader
     * @return whether the class's call sites should be rewritten
     */
    boolean accepts(String internalName, boolean jdkLoader) {
        if (isOwn(internalName) || internalName.equals(INTERNAL_UNSAFE)
                || FUNNEL_REWRITTEN && internalName.equals(SCOPED_MEMORY_ACCESS)) {
            // The runtime must never check itself (its bridges would recurse) and the agent's shaded ASM
            // lives under io/jkasan/agent/.
            return false;
        }
        if (!includeJdk && (jdkLoader || isJdk(internalName))) {
            return false;
        }
        String name = internalName.replace('/', '.');
        return includes.matches(name) && !excludes.matches(name);
    }

    private static boolean isOwn(String internalName) {
        for (String prefix : OWN_PREFIXES) {
            if (internalName.startsWith(prefix)) {
                return true;
            }
        }
        // The runtime's public API classes sit directly in io.jkasan; subpackages such as io.jkasan.samples
        // belong to users and tests and are instrumented like any other code.
        return internalName.startsWith(OWN_API_PACKAGE)
                && internalName.indexOf('/', OWN_API_PACKAGE.length()) < 0;
    }

    private static boolean isJdk(String internalName) {
        for (String prefix : JDK_PREFIXES) {
            if (internalName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
