package io.jkasan.runtime.boot;

import io.jkasan.runtime.check.AccessChecker;
import io.jkasan.runtime.exit.ExitHandler;
import io.jkasan.runtime.exit.ProgramExit;
import io.jkasan.runtime.exit.ShutdownSlot;
import io.jkasan.runtime.hooks.AllocatorHooks;
import io.jkasan.runtime.hooks.InternalUnsafeHooks;
import io.jkasan.runtime.hooks.InternalUnsafeSpanHooks;
import io.jkasan.runtime.hooks.SunMiscMemoryAccess;
import io.jkasan.runtime.hooks.SunMiscUnsafeHooks;
import io.jkasan.runtime.hooks.SunMiscUnsafeSpanHooks;
import io.jkasan.runtime.hooks.UnsafeArguments;
import io.jkasan.runtime.jdk.ArrayLayout;
import io.jkasan.runtime.jdk.InterceptionGuard;
import io.jkasan.runtime.mapping.ArenaReservation;
import io.jkasan.runtime.options.InstalledOptions;
import io.jkasan.runtime.options.Options;
import io.jkasan.runtime.report.LeakScanner;
import io.jkasan.runtime.shadow.ShadowMapping;
import io.jkasan.runtime.state.RuntimeState;

/**
 * Starts the runtime from {@code premain}: installs the options, builds the runtime's state, loads and
 * links the checks and the bridges, so that the first rewritten call loads no class, and registers what
 * happens at exit (the leak report, the summary line and the exit status).
 */
public final class Startup {
    private Startup() {
    }

    /**
     * Installs the options and initialises the runtime eagerly, so that no class initialisation happens
     * later on the check path.
     *
     * @param opts the parsed options
     * @throws io.jkasan.runtime.options.OptionException if the {@code log_path} file cannot be created or the
     *     arena cannot be reserved
     * @throws IllegalStateException if the runtime was already initialised with other options
     */
    public static synchronized void start(Options opts) {
        InstalledOptions.install(opts);
        // What the machine may refuse is acquired first and outside any class initialiser, so that a refusal
        // reaches the agent as the OptionException itself, not wrapped in an ExceptionInInitializerError.
        RuntimeState.reportLog();
        ArenaReservation.installed();
        RuntimeState.space().stats();
        AccessChecker.initialize();
        // The first discard binds the backend's madvise (the JDK's native one, or where that is unreachable a
        // Linker downcall, which spins classes on JDK 22+); done here, that never happens later inside a purge,
        // under a vmalloc node's lock, on whatever thread freed memory.
        // The arena's first page is never handed out.
        ShadowMapping.BACKEND.discard(ShadowMapping.ARENA_START, ShadowMapping.PAGE_SIZE);
        InterceptionGuard.enter().exit();
        // Load and initialise the bridges and what they call now, so the first rewritten call loads no class.
        for (Class<?> bridge : new Class<?>[] {SunMiscUnsafeHooks.class, InternalUnsafeHooks.class,
            SunMiscUnsafeSpanHooks.class, InternalUnsafeSpanHooks.class, SunMiscMemoryAccess.class,
            UnsafeArguments.class, ArrayLayout.class, ProgramExit.class, AllocatorHooks.class}) {
            try {
                Class.forName(bridge.getName(), true, bridge.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        ShutdownSlot.register(new ExitHandler(RuntimeState.reporter(),
                new LeakScanner(RuntimeState.space(), opts.foldFrames()), opts));
    }
}
