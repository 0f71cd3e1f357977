package io.jkasan.agent;

import io.jkasan.agent.instr.AllocatorPrologues;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;

/**
 * Installs the allocator interception: retransforms {@code jdk.internal.misc.Unsafe} so that its
 * {@code allocateMemory}, {@code reallocateMemory} and {@code freeMemory} ask the runtime first
 * ({@link AllocatorPrologues}, the runtime's {@code AllocatorHooks}).
 *
 * <p>The transformer stays registered: a later retransformation of {@code Unsafe} (by another agent) starts
 * again from the original class file, and without the prologues an arena address would reach {@code free()}.
 * If the class cannot be changed it is left as it was, one line on stderr says so, and only rewritten call
 * sites allocate from the vmalloc space.
 */
final class AllocatorInterception implements ClassFileTransformer {
    private static final String UNSAFE_CLASS = AllocatorPrologues.UNSAFE.replace('/', '.');

    private volatile boolean injected;
    private volatile Throwable failure;

    private AllocatorInterception() {
    }

    /**
     * Retransforms {@code jdk.internal.misc.Unsafe}. The runtime must be started and {@code java.base} must read
     * its module ({@link ModuleGrants}) before this runs: the first allocation after it calls the runtime.
     *
     * @param inst the instrumentation instance
     * @return whether the prologues are in place
     */
    static boolean install(Instrumentation inst) {
        AllocatorInterception transformer = new AllocatorInterception();
        inst.addTransformer(transformer, true);
        Throwable failure;
        try {
            inst.retransformClasses(Class.forName(UNSAFE_CLASS));
            failure = transformer.failure;
        } catch (Throwable t) {                   // UnmodifiableClassException, a VerifyError of the result, ...
            failure = t;
        }
        if (failure == null && transformer.injected) {
            return true;
        }
        inst.removeTransformer(transformer);
        System.err.println("jkasan: cannot intercept the allocator in " + UNSAFE_CLASS + ": "
                + (failure == null ? "the class was not retransformed" : AgentInstaller.oneLine(failure))
                + "; left unchanged, so only rewritten call sites allocate from the vmalloc space");
        return false;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (loader != null || !AllocatorPrologues.UNSAFE.equals(className)) {
            return null;
        }
        try {
            byte[] out = AllocatorPrologues.inject(classfileBuffer);
            injected = true;
            return out;
        } catch (Throwable t) {
            failure = t;
            return null;
        }
    }
}
