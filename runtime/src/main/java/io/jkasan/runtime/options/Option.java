package io.jkasan.runtime.options;

/**
 * The single table of jkasan options (docs/options.md): key, value type with its range, default and meaning.
 *
 * <p>Parsing, validation, error messages and {@code docs/options.md} are all derived from this table
 * through each option's {@link ValueType}, so they cannot drift apart.
 */
public enum Option {
    /** What happens after a report. */
    FAULT("fault", new WordsType<>(FaultPolicy.class), "report",
            "after a report: continue (kernel kasan.fault=report), throw io.jkasan.KasanError at the faulting access, or halt the JVM with exitcode"),
    /** Print every report rather than only the first. */
    MULTI_SHOT("multi_shot", BooleanType.INSTANCE, "false",
            "print every report, not only the first (kernel kasan_multi_shot); later reports are still counted"),
    /** Exit status of fault=panic and of a run that made reports: a process exit status is one byte. */
    EXITCODE("exitcode", new IntRangeType(0, 255), "1",
            "exit status of fault=panic, and of a run that made reports when exitcode_on_report=true (there 0 leaves the status alone)"),
    /**
     * Whether a run that made reports ends with a failing status. On by default, so that a test suite whose
     * harness exits 0 cannot lose a report: KASAN taints the kernel after every report (mm/kasan/report.c,
     * end_report), ASan stops with exitcode at the first error, and TSan and LSan, which let the program go
     * on, turn its exit into exitcode at the end. As their _exit interceptors do, only a status of 0 is
     * replaced: a program that already fails keeps its own status.
     */
    EXITCODE_ON_REPORT("exitcode_on_report", BooleanType.INSTANCE, "true",
            "at exit, after reports (or leaks with detect_leaks), turn the program's exit status 0 into exitcode, so that a test run whose harness exits 0 cannot lose a report (KASAN taints the kernel, ASan stops with exitcode, TSan and LSan exit with it); a nonzero status is the program's own and is kept, as the sanitizers' _exit interceptors keep it"),
    /** Also append reports to PATH.pid. */
    LOG_PATH("log_path", PathPrefixType.INSTANCE, null,
            "also append each report to PATH.<pid> (as ASan's log_path), created at start-up with permissions 0600"),
    /** Format of what goes to log_path, or to stderr without one. */
    LOG_FORMAT("log_format", new WordsType<>(LogFormat.class), "text",
            "format of what goes to log_path (to stderr when there is none): text splats, or json, one JSON object per report per line; with a log_path, stderr keeps the text"),
    /** Fold the test framework's frames below the test method into one line. */
    FOLD_FRAMES("fold_frames", BooleanType.INSTANCE, "true",
            "fold the outermost frames of test frameworks and reflection (JUnit, Surefire, Method.invoke) below the test method into one line, in call traces and allocation and free stacks"),
    /** Report memory still allocated at exit. */
    DETECT_LEAKS("detect_leaks", BooleanType.INSTANCE, "false",
            "at exit, report memory the program allocated through Unsafe and never freed, grouped by allocation stack (as LSan and kmemleak)"),
    /** Frames recorded for allocation and free stacks. */
    STACK_DEPTH("stack_depth", new IntRangeType(0, 64), "16",
            "frames recorded for allocation and free stacks; 0 records none"),
    /**
     * Virtual size of the emulated vmalloc space. At least 16 MiB so that a few areas and stacks fit; at
     * most 64 TiB, which with its 8 TiB of shadow stays inside the 128 TiB of x86-64 user space; a multiple
     * of 64 KiB, two shadow pages' coverage.
     */
    ARENA("arena", SizeType.range(16L << 20, 64L << 40, 64L << 10), "64g",
            "virtual size of the emulated vmalloc space (reserved, not committed)"),
    /**
     * Freed bytes kept poisoned in the FIFO quarantine; beyond it the oldest areas are purged. Counted as the
     * pages a freed area holds (its guard page costs address space only), so a small direct buffer counts
     * 4 KiB. 512 MiB: ASan keeps 256 MB of freed user bytes and KASAN 1/32 of memory, but every jkasan area is
     * page-granular, and this holds a freed area through 114,432 later frees of small areas (7/8 of it less
     * one batch, docs/design.md). 0 purges at every free; a size the arena can never hold is refused.
     */
    LAZY_MAX("lazy_max", SizeType.range(0, 64L << 40, 1).atMostArenaShiftedBy(0), "512m",
            "freed bytes (each area's pages, guard page excluded) kept poisoned in a FIFO quarantine (as ASan's"
                    + " quarantine_size_mb); past it the oldest areas are purged down to 7/8 of it; 0 purges at"
                    + " every free"),
    /**
     * Size of each guarded thread stack. A power of two because stacks are aligned to their size (THREAD_SIZE
     * alignment, which finds a stack's base from any address in it); at least a page; at most a quarter of
     * the arena because an aligned stack and its guard page need up to twice its size of free space.
     */
    THREAD_STACK_SIZE("thread_stack_size", SizeType.powerOfTwo(4L << 10, 256L << 20).atMostArenaShiftedBy(2),
            "32k", "size of each guarded thread stack (x86-64 THREAD_SIZE under KASAN)"),
    /** Classes whose call sites are rewritten. */
    INCLUDES("includes", GlobsType.AT_LEAST_ONE, "*", "classes whose call sites are rewritten"),
    /** Classes whose call sites are never rewritten. */
    EXCLUDES("excludes", GlobsType.ANY, "", "classes whose call sites are never rewritten; wins over includes"),
    /** Also rewrite JDK classes. */
    INCLUDE_JDK("include_jdk", BooleanType.INSTANCE, "false",
            "also rewrite classes of the JDK (java.*, jdk.*, sun.*, com.sun.*)"),
    /**
     * Frames a report is not named after: the off-heap facades of popular libraries and the JDK's own, so that
     * the {@code BUG:} line and "created by:" name the code that called them (syzkaller's title rules do the
     * same for the kernel's allocator and string helpers). The call trace itself still begins at the access.
     */
    SKIP_FRAMES("skip_frames", GlobsType.ANY, Option.DEFAULT_SKIP_FRAMES,
            "classes whose frames a report's BUG: line and created by: pass over, naming the first frame outside"
                    + " them (the call trace still begins at the access); replaces the default list"),
    /** Report absolute accesses to memory jkasan did not allocate. */
    STRICT("strict", BooleanType.INSTANCE, "false",
            "report absolute accesses outside the emulated vmalloc space as wild-memory-access");

    /**
     * Netty, Arrow, Agrona and Chronicle's off-heap facades, the JDK's buffer and FFM layers, {@code Unsafe}
     * itself (the allocator, in allocation stacks) and the cleaner that frees direct buffers.
     */
    static final String DEFAULT_SKIP_FRAMES = "io.netty.util.internal.PlatformDependent*"
            + ":org.apache.arrow.memory.util.MemoryUtil*:org.agrona.UnsafeApi*"
            + ":net.openhft.chronicle.core.UnsafeMemory*:net.openhft.chronicle.core.*Memory"
            + ":java.nio.*:jdk.internal.misc.ScopedMemoryAccess*:jdk.internal.foreign.*:java.lang.foreign.*"
            + ":java.lang.invoke.*:jdk.internal.misc.Unsafe:sun.misc.Unsafe:jdk.internal.ref.*";

    private final String key;
    private final ValueType<?> type;
    private final String defaultText;
    private final String meaning;

    Option(String key, ValueType<?> type, String defaultText, String meaning) {
        this.key = key;
        this.type = type;
        this.defaultText = defaultText;
        this.meaning = meaning;
    }

    /** @return the key as written by users, e.g. {@code multi_shot} */
    public String key() {
        return key;
    }

    /** @return the type of the option's values, which parses them and describes the accepted ones */
    public ValueType<?> type() {
        return type;
    }

    /** @return the default as the documentation writes it, or {@code null} when unset means "none" */
    public String defaultText() {
        return defaultText;
    }

    /** @return one line that says what the option does */
    public String meaning() {
        return meaning;
    }

    /**
     * @return the value in force when no source sets the option: the parsed {@link #defaultText()}, or
     *     {@code null} for none
     */
    Object defaultValue() {
        if (defaultText == null) {
            return null;
        }
        try {
            return type.parse(defaultText);
        } catch (InvalidValueException e) {
            throw new AssertionError("default of " + key + " is not valid: " + e.getMessage(), e);
        }
    }

    /**
     * Finds an option by key.
     *
     * @param key the key as written by a user
     * @return the option, or {@code null} if there is none
     */
    public static Option byKey(String key) {
        for (Option o : values()) {
            if (o.key.equals(key)) {
                return o;
            }
        }
        return null;
    }

    /** @return the comma-separated list of all keys, for error messages */
    public static String allKeys() {
        StringBuilder sb = new StringBuilder();
        for (Option o : values()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(o.key);
        }
        return sb.toString();
    }
}
