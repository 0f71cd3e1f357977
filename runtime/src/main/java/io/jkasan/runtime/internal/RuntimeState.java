package io.jkasan.runtime.internal;

import io.jkasan.runtime.alloc.VmallocSpace;
import io.jkasan.runtime.check.AccessChecker;
import io.jkasan.runtime.depot.StackDepot;
import io.jkasan.runtime.hooks.InternalUnsafeHooks;
import io.jkasan.runtime.hooks.SunMiscUnsafeHooks;
import io.jkasan.runtime.mapping.ArenaReservation;
import io.jkasan.runtime.options.OptionException;
import io.jkasan.runtime.options.Options;
import io.jkasan.runtime.report.ReportLog;
import io.jkasan.runtime.report.Reporter;
import io.jkasan.runtime.shadow.ShadowMapping;
import io.jkasan.runtime.shadow.ShadowPages;
import io.jkasan.runtime.stack.ThreadStacks;

/**
 * The runtime's one state holder: the options, the vmalloc space, the stack depot and the reporter.
 *
 * <p>The agent installs the options once in {@code premain} ({@link #start}); without the agent (the
 * runtime's own tests, benchmarks) the first use reads them from {@code -Djkasan.*} and
 * {@code JKASAN_OPTIONS}. Everything is created on first use by the holder idiom and is effectively final.
 */
public final class RuntimeState {
    private static volatile Options options;
    private static volatile ReportLog reportLog;
    private static volatile ArenaReservation arena;

    private RuntimeState() {
    }

    /**
     * Installs the options and initialises the runtime eagerly, so that no class initialisation happens
     * later on the check path.
     *
     * @param opts the parsed options
     * @throws OptionException if the {@code log_path} file cannot be created or the arena cannot be reserved
     * @throws IllegalStateException if the runtime was already initialised with other options
     */
    public static synchronized void start(Options opts) {
        if (options != null && options != opts) {
            throw new IllegalStateException("jkasan: runtime already started");
        }
        options = opts;
        // What the machine may refuse is acquired first and outside any class initialiser, so that a refusal
        // reaches the agent as the OptionException itself, not wrapped in an ExceptionInInitializerError.
        reportLog();
        arena();
        Instances.SPACE.stats();
        AccessChecker.initialize();
        // Load and link the bridges now, so the first rewritten call loads no class.
        for (Class<?> bridge : new Class<?>[] {SunMiscUnsafeHooks.class, InternalUnsafeHooks.class}) {
            try {
                Class.forName(bridge.getName(), true, bridge.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** @return the options in force */
    public static Options options() {
        Options o = options;
        if (o == null) {
            synchronized (RuntimeState.class) {
                if (options == null) {
                    options = Options.fromSources(null, System.getProperties(), System.getenv());
                }
                o = options;
            }
        }
        return o;
    }

    /**
     * @return the {@code log_path} file, opened on first use
     * @throws OptionException if it cannot be created
     */
    public static ReportLog reportLog() {
        ReportLog l = reportLog;
        if (l == null) {
            synchronized (RuntimeState.class) {
                if (reportLog == null) {
                    reportLog = ReportLog.open(options());
                }
                l = reportLog;
            }
        }
        return l;
    }

    /**
     * @return the reserved arena and shadow, reserved on first use
     * @throws OptionException if the arena cannot be reserved
     */
    public static ArenaReservation arena() {
        ArenaReservation a = arena;
        if (a == null) {
            synchronized (RuntimeState.class) {
                if (arena == null) {
                    arena = ArenaReservation.reserve(options());
                }
                a = arena;
            }
        }
        return a;
    }

    /** @return the emulated vmalloc space */
    public static VmallocSpace space() {
        return Instances.SPACE;
    }

    /** @return the reporter */
    public static Reporter reporter() {
        return Instances.REPORTER;
    }

    /** @return the stack depot */
    public static StackDepot depot() {
        return Instances.DEPOT;
    }

    /** @return the guarded thread stacks */
    public static ThreadStacks threadStacks() {
        return Instances.STACKS;
    }

    /** @return the shadow page tracker */
    public static ShadowPages shadowPages() {
        return Instances.SHADOW_PAGES;
    }

    private static final class Instances {
        static final StackDepot DEPOT = new StackDepot(options().stackDepth());
        static final ShadowPages SHADOW_PAGES = new ShadowPages();
        static final VmallocSpace SPACE = new VmallocSpace(ShadowMapping.ARENA_START + ShadowMapping.PAGE_SIZE,
                ShadowMapping.ARENA_START + ShadowMapping.ARENA_SIZE, options().lazyMax(), SHADOW_PAGES, DEPOT);
        static final Reporter REPORTER = new Reporter(options(), reportLog());
        // The kernel keeps NR_CACHED_STACKS = 2 per CPU.
        static final ThreadStacks STACKS = new ThreadStacks(SPACE, options().threadStackSize(),
                2 * Runtime.getRuntime().availableProcessors());
    }
}
