package io.jkasan.agent;

import io.jkasan.agent.filter.ClassFilter;
import io.jkasan.agent.instr.AccessMentions;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites the classes that were loaded before the agent was attached to a running JVM ({@code agentmain}):
 * a transformer sees only the classes loaded after it is installed, and without this the test classes JUnit
 * had already loaded when jkasan-junit attached the agent would run unchecked.
 *
 * <p>Retransformation may change method bodies and the constant pool but no member, and the rewriter adds
 * none (docs/design.md); the transformer is registered as retransformation-capable, so it also sees these
 * classes again whenever another agent retransforms them. Only classes whose class file mentions
 * {@code Unsafe} are retransformed: the JVM redefines every class it retransforms, even one no transformer
 * changed, and methods running at that moment lose their line numbers in stack traces. Code already running
 * keeps its old body until it is called again, and memory allocated before the attach is not jkasan's
 * (docs/usage.md, "What the agent cannot see").
 */
final class LoadedClasses {
    private LoadedClasses() {
    }

    /**
     * @param inst the instrumentation instance, with the transformer installed
     * @param filter which classes to rewrite
     */
    static void retransform(Instrumentation inst, ClassFilter filter) {
        List<Class<?>> candidates = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (!c.isArray() && !c.isPrimitive() && !c.isHidden() && inst.isModifiableClass(c)
                    && filter.shouldInstrument(c.getClassLoader(), c.getName().replace('.', '/'))
                    && mayMentionUnsafe(c)) {
                candidates.add(c);
            }
        }
        if (candidates.isEmpty()) {
            return;
        }
        try {
            inst.retransformClasses(candidates.toArray(new Class<?>[0]));
        } catch (UnmodifiableClassException | RuntimeException | LinkageError batchFailed) {
            // One class the JVM refuses fails the whole batch: retry one by one, naming each refusal.
            for (Class<?> c : candidates) {
                try {
                    inst.retransformClasses(c);
                } catch (UnmodifiableClassException | RuntimeException | LinkageError e) {
                    System.err.println("jkasan: cannot rewrite " + c.getName() + ", loaded before the agent: "
                            + AgentInstaller.oneLine(e) + "; left unchecked");
                }
            }
        }
    }

    /** @return whether the class file the class was loaded from mentions Unsafe; {@code true} if unreadable */
    private static boolean mayMentionUnsafe(Class<?> c) {
        String resource = c.getName().replace('.', '/') + ".class";
        ClassLoader loader = c.getClassLoader();
        try (InputStream in = loader == null ? ClassLoader.getSystemResourceAsStream(resource)
                : loader.getResourceAsStream(resource)) {
            return in == null || AccessMentions.in(in.readAllBytes());
        } catch (IOException | RuntimeException e) {
            return true; // the transformer decides from the class's bytes
        }
    }
}
