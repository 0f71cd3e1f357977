package io.jkasan.agent;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.function.UnaryOperator;

/**
 * Rewrites one boot-loaded JDK class by retransformation and keeps it rewritten: the allocator prologues in
 * {@code jdk.internal.misc.Unsafe} ({@code AllocatorPrologues}) and, on JDK 22+, the checked accesses of
 * {@code jdk.internal.misc.ScopedMemoryAccess} ({@code ScopedMemoryAccessRewrite}).
 *
 * <p>The transformer stays registered: a later retransformation of the class (by another agent) starts again
 * from the original class file, and without the patch an arena address would reach {@code free()} or an
 * access would go unchecked. Retransformation may change method bodies only, which is all either patch does.
 * If the class cannot be changed it is left as it was and one line on stderr says what is lost.
 */
final class JdkClassPatch implements ClassFileTransformer {
    private final String internalName;
    private final UnaryOperator<byte[]> rewrite;
    private volatile boolean applied;
    private volatile Throwable failure;

    private JdkClassPatch(String internalName, UnaryOperator<byte[]> rewrite) {
        this.internalName = internalName;
        this.rewrite = rewrite;
    }

    /**
     * Retransforms the class. The runtime must be started and {@code java.base} must read its module
     * ({@link ModuleGrants}) before this runs: the patched code calls the runtime from its next call on.
     *
     * @param inst the instrumentation instance
     * @param internalName the boot-loaded class, e.g. {@code jdk/internal/misc/Unsafe}
     * @param rewrite the class file's rewrite; returns {@code null} if it found nothing to change
     * @param consequence what is lost if the class cannot be patched, for the stderr line
     * @return whether the patch is in place
     */
    static boolean install(Instrumentation inst, String internalName, UnaryOperator<byte[]> rewrite,
            String consequence) {
        JdkClassPatch transformer = new JdkClassPatch(internalName, rewrite);
        String className = internalName.replace('/', '.');
        inst.addTransformer(transformer, true);
        Throwable failure;
        try {
            inst.retransformClasses(Class.forName(className, false, null));
            failure = transformer.failure;
        } catch (Throwable t) {                   // UnmodifiableClassException, a VerifyError of the result, ...
            failure = t;
        }
        if (failure == null && transformer.applied) {
            return true;
        }
        inst.removeTransformer(transformer);
        System.err.println("jkasan: cannot rewrite " + className + ": "
                + (failure == null ? "the class was not retransformed" : AgentInstaller.oneLine(failure))
                + "; left unchanged, so " + consequence);
        return false;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (loader != null || !internalName.equals(className)) {
            return null;
        }
        try {
            byte[] out = rewrite.apply(classfileBuffer);
            applied = out != null;
            return out;
        } catch (Throwable t) {
            failure = t;
            return null;
        }
    }
}
