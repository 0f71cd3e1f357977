package io.jkasan.agent;

import io.jkasan.agent.instr.ShutdownExitRewriter;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.Set;

/**
 * Lets the runtime learn the status the program exits with: {@code java.base} is made to read the runtime's
 * module, and {@code java.lang.Shutdown} is retransformed once by {@link ShutdownExitRewriter}. If any of it
 * fails, the status stays unknown and the runtime leaves it alone; the program is not affected.
 */
final class ExitStatusHook {
    private ExitStatusHook() {
    }

    /**
     * @param inst the instrumentation instance
     * @param runtime the runtime's module: the boot loader's unnamed module
     * @return whether {@code Shutdown.exit} now tells the runtime its status
     */
    static boolean install(Instrumentation inst, Module runtime) {
        try {
            Class<?> shutdown = Class.forName("java.lang.Shutdown", false, null);
            if (!inst.isRetransformClassesSupported() || !inst.isModifiableClass(shutdown)) {
                return false;
            }
            Module base = Object.class.getModule();
            if (!base.canRead(runtime)) {
                inst.redefineModule(base, Set.of(runtime), Map.of(), Map.of(), Set.of(), Map.of());
            }
            OneClass transformer = new OneClass(shutdown);
            inst.addTransformer(transformer, true);
            try {
                inst.retransformClasses(shutdown);
            } finally {
                inst.removeTransformer(transformer);
            }
            return transformer.rewritten;
        } catch (Exception | LinkageError e) {
            return false;
        }
    }

    /** Rewrites {@code java.lang.Shutdown} when it is retransformed, and nothing else. */
    private static final class OneClass implements ClassFileTransformer {
        private final Class<?> target;
        private volatile boolean rewritten;

        OneClass(Class<?> target) {
            this.target = target;
        }

        @Override
        public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
                ProtectionDomain protectionDomain, byte[] classfileBuffer) {
            if (classBeingRedefined != target || !ShutdownExitRewriter.SHUTDOWN.equals(className)) {
                return null;
            }
            try {
                byte[] out = ShutdownExitRewriter.rewrite(classfileBuffer);
                rewritten = out != null;
                return out;
            } catch (RuntimeException e) {
                return null;                                     // left as it was: the status stays unknown
            }
        }
    }
}
