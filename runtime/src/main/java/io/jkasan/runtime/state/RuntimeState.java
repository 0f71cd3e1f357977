package io.jkasan.runtime.state;

import io.jkasan.runtime.alloc.VmallocSpace;
import io.jkasan.runtime.depot.StackDepot;
import io.jkasan.runtime.options.InstalledOptions;
import io.jkasan.runtime.options.Options;
import io.jkasan.runtime.report.ReportLog;
import io.jkasan.runtime.report.Reporter;
import io.jkasan.runtime.report.Reports;
import io.jkasan.runtime.report.TitleFrames;
import io.jkasan.runtime.shadow.ShadowMapping;
import io.jkasan.runtime.shadow.ShadowPages;
import io.jkasan.runtime.stack.ThreadStacks;

/**
 * The runtime's instances, built from the options in force and wired together here: the stack depot, the
 * shadow page tracker, the vmalloc space, the reporter, the guarded thread stacks and the report entry
 * points. Each is handed the others it needs when it is built; none of them reads this class. The layers
 * above (the checks, the bridges, start-up and the public API) read them from here.
 *
 * <p>Everything is created on first use by the holder idiom and is effectively final. With the agent,
 * {@code Startup.start} builds it in {@code premain}, so that no class initialisation happens later on the
 * check path.
 */
public final class RuntimeState {
    private static volatile ReportLog reportLog;

    private RuntimeState() {
    }

    /**
     * @return the {@code log_path} file, opened on first use ({@link ReportLog#none()} without one)
     * @throws io.jkasan.runtime.options.OptionException if it cannot be created
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

    /** @return the options in force ({@link InstalledOptions}) */
    public static Options options() {
        return InstalledOptions.get();
    }

    /** @return the emulated vmalloc space */
    public static VmallocSpace space() {
        return Instances.SPACE;
    }

    /** @return the reporter */
    public static Reporter reporter() {
        return Instances.REPORTER;
    }

    /** @return the slow-path report entry points */
    public static Reports reports() {
        return Instances.REPORTS;
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
                ShadowMapping.ARENA_START + ShadowMapping.ARENA_SIZE, options().lazyMax(), SHADOW_PAGES, DEPOT,
                VmallocSpace.nodeCountFor(ShadowMapping.ARENA_SIZE, Runtime.getRuntime().availableProcessors()));
        static final Reporter REPORTER = new Reporter(options(), reportLog());
        // The kernel keeps NR_CACHED_STACKS = 2 per CPU.
        static final ThreadStacks STACKS = new ThreadStacks(SPACE, options().threadStackSize(),
                2 * Runtime.getRuntime().availableProcessors());
        static final Reports REPORTS = new Reports(REPORTER, SPACE, STACKS, options().foldFrames(),
                new TitleFrames(options().skipFrames()));
    }
}
