package io.jkasan.agent;

import io.jkasan.agent.filter.ClassFilter;
import io.jkasan.agent.instr.ClassRewriter;
import io.jkasan.agent.instr.AccessMentions;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.Set;

/**
 * The class file transformer: selects classes, rewrites their {@code Unsafe} call sites, and never lets a
 * failure escape (the JVM would drop it silently and load the class unchecked without saying so).
 */
public final class UnsafeTransformer implements ClassFileTransformer {
    private final ClassFilter filter;
    private final Instrumentation inst;
    private final Module runtime;

    /**
     * @param filter which classes to rewrite
     * @param inst the instrumentation instance, used to add read edges from named modules; may be
     *     {@code null} where only unnamed modules are transformed (tests)
     * @param runtime the module holding the bridge classes
     */
    public UnsafeTransformer(ClassFilter filter, Instrumentation inst, Module runtime) {
        this.filter = filter;
        this.inst = inst;
        this.runtime = runtime;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        // Hidden classes arrive without a name; they are never rewritten.
        if (className == null || !filter.shouldInstrument(loader, className)
                || !AccessMentions.in(classfileBuffer)) {
            return null;
        }
        try {
            byte[] rewritten = ClassRewriter.rewrite(classfileBuffer);
            if (rewritten != null) {
                ensureReads(module);
            }
            return rewritten;
        } catch (Throwable t) {
            System.err.println("jkasan: cannot instrument " + className.replace('/', '.') + ": "
                    + oneLine(t) + "; left unchanged");
            return null;
        }
    }

    /**
     * A class in a named module cannot link against the boot loader's unnamed module unless it reads it;
     * unnamed modules read every module already.
     */
    private void ensureReads(Module module) {
        if (module != null && module.isNamed() && !module.canRead(runtime)) {
            inst.redefineModule(module, Set.of(runtime), Map.of(), Map.of(), Set.of(), Map.of());
        }
    }

    private static String oneLine(Throwable t) {
        return t.toString().replace('\n', ' ').replace('\r', ' ');
    }
}
