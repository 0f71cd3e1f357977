package io.jkasan.agent;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.util.jar.JarFile;

/**
 * The agent's entry point ({@code Premain-Class} and {@code Agent-Class}): finds the bootstrap-loaded copy
 * of the agent and hands over to {@link AgentInstaller}.
 *
 * <p>The manifest's {@code Boot-Class-Path} puts the agent jar on the bootstrap class path before this
 * class loads, and the system class loader delegates to the boot loader first, so normally this class,
 * the installer and the whole runtime are boot-loaded. If the jar was renamed, {@code Boot-Class-Path}
 * names no existing file, this class comes from the system loader, and it appends its own jar to the
 * bootstrap search path. From then on it talks to the boot-loaded copy only through public members by
 * reflection: the two copies are different runtime packages, so package-private access between them would
 * fail, and the runtime's state must exist exactly once.
 */
public final class PreMain {
    private static final String INSTALLER = "io.jkasan.agent.AgentInstaller";

    private PreMain() {
    }

    /**
     * Called by the JVM for {@code -javaagent:jkasan-agent.jar[=options]}.
     *
     * @param args the option string after {@code =}, or {@code null}
     * @param inst the instrumentation instance
     */
    public static void premain(String args, Instrumentation inst) {
        start(args, inst, true);
    }

    /**
     * Called by the JVM when the agent is attached to a running VM. Classes loaded before the attach are
     * rewritten by retransformation ({@link LoadedClasses}); if jkasan refuses to start, the refusal is thrown
     * to the attaching tool.
     *
     * @param args the option string, or {@code null}
     * @param inst the instrumentation instance
     */
    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst, false);
    }

    private static void start(String args, Instrumentation inst, boolean atStartup) {
        if (PreMain.class.getClassLoader() == null) {
            AgentInstaller.install(args, inst, atStartup);
            return;
        }
        try {
            File jar = new File(PreMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            inst.appendToBootstrapClassLoaderSearch(new JarFile(jar));
            Class.forName(INSTALLER, true, null)
                    .getMethod("install", String.class, Instrumentation.class, boolean.class)
                    .invoke(null, args, inst, atStartup);
        } catch (InvocationTargetException e) {
            if (!atStartup && e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause(); // the boot copy's refusal, for the attaching tool
            }
            refuse("jkasan: cannot start: " + e.getCause(), atStartup);
        } catch (Exception e) {
            // A renamed copy that cannot reach its own jar: nothing would be checked, so say so and stop.
            refuse("jkasan: cannot put the agent jar on the bootstrap class path: " + e, atStartup);
        }
    }

    /**
     * Deliberately not shared with AgentInstaller: this copy may live in a different loader. Attached to a
     * running JVM, the refusal goes to the attaching tool, as AgentInstaller's does.
     */
    private static void refuse(String line, boolean atStartup) {
        System.err.println(line);
        if (!atStartup) {
            throw new IllegalStateException(line);
        }
        System.exit(AgentInstaller.REFUSED); // a constant: inlined, no class resolution
    }
}
