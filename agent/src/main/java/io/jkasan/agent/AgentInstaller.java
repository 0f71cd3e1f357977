package io.jkasan.agent;

import io.jkasan.agent.filter.ClassFilter;
import io.jkasan.agent.instr.AllocatorPrologues;
import io.jkasan.agent.instr.ScopedMemoryAccessRewrite;
import io.jkasan.runtime.boot.Startup;
import io.jkasan.runtime.options.OptionException;
import io.jkasan.runtime.options.Options;
import java.lang.instrument.Instrumentation;
import java.util.function.UnaryOperator;

/**
 * Installs jkasan in a JVM: options, module grants, runtime start-up, the call-site transformer, the
 * allocator interception in {@code jdk.internal.misc.Unsafe}, then, on JDK 22+, the checks in
 * {@code jdk.internal.misc.ScopedMemoryAccess}, in that order: every allocation after the interception is
 * served by a runtime that is ready for it, and every segment access checked after it is one of its areas.
 *
 * <p>Public only so that a system-loaded {@link PreMain} can call the boot-loaded copy by reflection.
 * Nothing here may throw out of {@code premain}: an exception there aborts the JVM with a native crash dump,
 * so a bad option or a failed start prints one line and exits with status {@value #REFUSED}, and the program
 * never runs half-checked (docs/options.md). Attached to a running JVM ({@code agentmain}), the same failure
 * prints the same line, leaves the program running and throws {@link AttachRefusedException}, which the JVM
 * hands to the attaching tool; classes loaded before the attach are rewritten then ({@link LoadedClasses}).
 */
public final class AgentInstaller {
    /** Exit status when jkasan refuses to start (bad option, runtime start-up failure). */
    public static final int REFUSED = 2;

    private AgentInstaller() {
    }

    /**
     * Parses the options, grants the runtime its JDK internals, starts it and installs the transformer.
     *
     * @param args the agent argument, or {@code null}
     * @param inst the instrumentation instance
     * @param atStartup {@code true} from {@code premain}: a failure exits the JVM; {@code false} from
     *     {@code agentmain}: a failure is thrown to the attaching tool and the running program is left alone
     * @throws AttachRefusedException from {@code agentmain}, if jkasan refuses to start
     */
    public static void install(String args, Instrumentation inst, boolean atStartup) {
        Options options;
        try {
            options = Options.fromSources(args, System.getProperties(), System.getenv());
            ModuleGrants.grant(inst, Startup.class.getModule());
            Startup.start(options);
        } catch (OptionException e) {
            // A bad option, or one the machine cannot honour (arena, log_path): the message is the line.
            refuse(e.getMessage(), atStartup);
            return;
        } catch (RuntimeException | Error e) {
            // Anything else, out of premain, would abort the JVM with a native dump.
            refuse("jkasan: cannot start: " + oneLine(e), atStartup);
            return;
        }
        // Before the call-site transformer is added, so that retransforming Shutdown passes through it alone.
        ExitStatusHook.install(inst, Startup.class.getModule());
        ClassFilter filter = new ClassFilter(options.includes(), options.excludes(), options.includeJdk());
        inst.addTransformer(new UnsafeTransformer(filter, inst, Startup.class.getModule()), true);
        JdkClassPatch.install(inst, AllocatorPrologues.UNSAFE, new InjectPrologues(),
                "only rewritten call sites allocate from the vmalloc space");
        if (ScopedMemoryAccessRewrite.appliesTo(Runtime.version().feature())) {
            JdkClassPatch.install(inst, ScopedMemoryAccessRewrite.SCOPED_MEMORY_ACCESS, new BridgeFunnel(),
                    "MemorySegment and ByteBuffer accesses are not checked");
        }
        if (!atStartup) {
            LoadedClasses.retransform(inst, filter);
        }
    }

    /** The throwable and its causes on one line: a class initialiser's failure is only named by its cause. */
    static String oneLine(Throwable t) {
        StringBuilder s = new StringBuilder(String.valueOf(t));
        Throwable c = t.getCause();
        for (int depth = 0; c != null && depth < 8; depth++, c = c.getCause()) { // bounded: causes may loop
            s.append("; caused by ").append(c);
        }
        return s.toString().replaceAll("\\R", " ");
    }

    static void refuse(String line, boolean atStartup) {
        String refusal = line.startsWith("jkasan: ") ? line : "jkasan: " + line;
        System.err.println(refusal);
        if (!atStartup) {
            throw new AttachRefusedException(refusal);
        }
        System.exit(REFUSED);
    }

    // The two patches are named classes rather than method references: each reference would spin a lambda
    // class in premain (about 1.5 ms each, docs/performance.md, section 4).

    /** {@link AllocatorPrologues#inject}. */
    private static final class InjectPrologues implements UnaryOperator<byte[]> {
        @Override
        public byte[] apply(byte[] classfile) {
            return AllocatorPrologues.inject(classfile);
        }
    }

    /** {@link ScopedMemoryAccessRewrite#rewrite}. */
    private static final class BridgeFunnel implements UnaryOperator<byte[]> {
        @Override
        public byte[] apply(byte[] classfile) {
            return ScopedMemoryAccessRewrite.rewrite(classfile);
        }
    }
}
