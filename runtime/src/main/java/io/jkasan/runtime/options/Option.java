package io.jkasan.runtime.options;

/**
 * The single table of jkasan options (SPEC §2): key, accepted values, default and meaning.
 *
 * <p>Every parser, the documentation ({@code docs/options.md}) and the error messages are derived from
 * this table, so they cannot drift apart.
 */
public enum Option {
    /** What happens after a report. */
    FAULT("fault", "report|throw|panic", "report",
            "after a report: continue (kernel kasan.fault=report), throw io.jkasan.KasanError at the faulting access, or halt the JVM with exitcode"),
    /** Print every report rather than only the first. */
    MULTI_SHOT("multi_shot", "true|false", "false",
            "print every report, not only the first (kernel kasan_multi_shot); later reports are still counted"),
    /** Exit status of fault=panic. */
    EXITCODE("exitcode", "integer", "1", "exit status of fault=panic"),
    /** Also append reports to PATH.pid. */
    LOG_PATH("log_path", "path", "", "also append each report to PATH.<pid> (as ASan's log_path)"),
    /** Frames recorded for allocation and free stacks. */
    STACK_DEPTH("stack_depth", "0..64", "16", "frames recorded for allocation and free stacks"),
    /** Virtual size of the emulated vmalloc space. */
    ARENA("arena", "size (64g, 512m)", "64g",
            "virtual size of the emulated vmalloc space (reserved with MAP_NORESERVE, not committed)"),
    /** Lazily freed bytes kept poisoned before a purge. */
    LAZY_MAX("lazy_max", "size", "32m*fls(ncpu)",
            "lazily freed bytes kept poisoned before a purge (kernel lazy_max_pages())"),
    /** Size of each guarded thread stack. */
    THREAD_STACK_SIZE("thread_stack_size", "size", "32k",
            "size of each guarded thread stack (x86-64 THREAD_SIZE under KASAN)"),
    /** Classes whose call sites are rewritten. */
    INCLUDES("includes", "class-name globs, ':'-separated", "*",
            "classes whose call sites are rewritten (* and ? wildcards)"),
    /** Classes whose call sites are never rewritten. */
    EXCLUDES("excludes", "class-name globs, ':'-separated", "",
            "classes whose call sites are never rewritten; wins over includes"),
    /** Also rewrite JDK classes. */
    INCLUDE_JDK("include_jdk", "true|false", "false",
            "also rewrite classes of the JDK (java.*, jdk.*, sun.*, com.sun.*)"),
    /** Report absolute accesses to memory jkasan did not allocate. */
    STRICT("strict", "true|false", "false",
            "report absolute accesses outside the emulated vmalloc space as wild-memory-access");

    private final String key;
    private final String accepted;
    private final String defaultValue;
    private final String meaning;

    Option(String key, String values, String defaultValue, String meaning) {
        this.key = key;
        this.accepted = values;
        this.defaultValue = defaultValue;
        this.meaning = meaning;
    }

    /** @return the key as written by users, e.g. {@code multi_shot} */
    public String key() {
        return key;
    }

    /** @return a human description of the accepted values */
    public String accepted() {
        return accepted;
    }

    /** @return the default, as written in the documentation */
    public String defaultValue() {
        return defaultValue;
    }

    /** @return one line that says what the option does */
    public String meaning() {
        return meaning;
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
