package io.jkasan.runtime.options;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Parsed, immutable option values.
 *
 * <p>Sources, highest precedence first (SPEC §2): the agent argument ({@code key=value,key=value}), system
 * properties {@code -Djkasan.<key>=<value>}, the environment variable {@code JKASAN_OPTIONS}
 * ({@code :} or {@code ,} separated, as {@code ASAN_OPTIONS}), then the defaults of {@link Option}.
 */
public final class Options {
    /** Name of the environment variable read by {@link #fromSources}. */
    public static final String ENVIRONMENT_VARIABLE = "JKASAN_OPTIONS";
    /** Prefix of the system properties read by {@link #fromSources}. */
    public static final String PROPERTY_PREFIX = "jkasan.";

    private final Map<Option, String> raw;
    private final FaultPolicy fault;
    private final boolean multiShot;
    private final int exitCode;
    private final String logPath;
    private final int stackDepth;
    private final long arenaSize;
    private final long lazyMax;
    private final long threadStackSize;
    private final String includes;
    private final String excludes;
    private final boolean includeJdk;
    private final boolean strict;

    private Options(Map<Option, String> raw) {
        this.raw = raw;
        this.fault = parseFault(value(raw, Option.FAULT));
        this.multiShot = parseBoolean(Option.MULTI_SHOT, value(raw, Option.MULTI_SHOT));
        this.exitCode = parseInt(Option.EXITCODE, value(raw, Option.EXITCODE), 0, 255);
        this.logPath = value(raw, Option.LOG_PATH);
        this.stackDepth = parseInt(Option.STACK_DEPTH, value(raw, Option.STACK_DEPTH), 0, 64);
        this.arenaSize = parseSize(Option.ARENA, value(raw, Option.ARENA), 1L << 24, 1L << 46, 1L << 16);
        String lazy = raw.get(Option.LAZY_MAX);
        this.lazyMax = lazy == null ? defaultLazyMax(Runtime.getRuntime().availableProcessors())
                : parseSize(Option.LAZY_MAX, lazy, 0, Long.MAX_VALUE, 1);
        this.threadStackSize = parseSize(Option.THREAD_STACK_SIZE, value(raw, Option.THREAD_STACK_SIZE),
                4096, 1L << 30, 4096);
        if (Long.bitCount(threadStackSize) != 1) {
            throw new OptionException("jkasan: bad value '" + value(raw, Option.THREAD_STACK_SIZE)
                    + "' for thread_stack_size: must be a power of two (stacks are THREAD_SIZE-aligned)");
        }
        this.includes = value(raw, Option.INCLUDES);
        this.excludes = value(raw, Option.EXCLUDES);
        this.includeJdk = parseBoolean(Option.INCLUDE_JDK, value(raw, Option.INCLUDE_JDK));
        this.strict = parseBoolean(Option.STRICT, value(raw, Option.STRICT));
    }

    /** @return all defaults */
    public static Options defaults() {
        return new Options(new EnumMap<>(Option.class));
    }

    /**
     * Parses one {@code key=value} list.
     *
     * @param text the pairs
     * @param separators the characters that separate pairs
     * @return the options it sets, all others at their defaults
     * @throws OptionException on an unknown key or a malformed value
     */
    public static Options parse(String text, String separators) {
        Map<Option, String> raw = new EnumMap<>(Option.class);
        putPairs(raw, text, separators, "");
        return new Options(raw);
    }

    /**
     * Reads all sources with SPEC §2 precedence: agent argument, then system properties, then environment.
     *
     * @param agentArgs the agent argument, may be {@code null}
     * @param properties system properties
     * @param environment the process environment
     * @return the merged options
     * @throws OptionException on an unknown key or a malformed value in any source
     */
    public static Options fromSources(String agentArgs, Properties properties, Map<String, String> environment) {
        Map<Option, String> raw = new EnumMap<>(Option.class);
        String env = environment.get(ENVIRONMENT_VARIABLE);
        if (env != null) {
            putPairs(raw, env, ":,", " (in " + ENVIRONMENT_VARIABLE + ")");
        }
        for (String name : properties.stringPropertyNames()) {
            if (name.startsWith(PROPERTY_PREFIX)) {
                String key = name.substring(PROPERTY_PREFIX.length());
                Option o = Option.byKey(key);
                if (o == null) {
                    throw unknown(key, " (in -D" + name + ")");
                }
                raw.put(o, properties.getProperty(name));
            }
        }
        if (agentArgs != null) {
            putPairs(raw, agentArgs, ",", " (in the -javaagent argument)");
        }
        return new Options(raw);
    }

    private static void putPairs(Map<Option, String> raw, String text, String separators, String where) {
        int i = 0;
        int n = text.length();
        Option last = null;
        while (i < n) {
            int j = i;
            while (j < n && separators.indexOf(text.charAt(j)) < 0) {
                j++;
            }
            String pair = text.substring(i, j).trim();
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                if (eq < 0 && i > 0 && text.charAt(i - 1) == ':'
                        && (last == Option.INCLUDES || last == Option.EXCLUDES)) {
                    // Glob lists are ':'-separated themselves; in JKASAN_OPTIONS a piece without '='
                    // after includes/excludes continues that list.
                    raw.put(last, raw.get(last) + ":" + pair);
                    i = j + 1;
                    continue;
                }
                if (eq <= 0) {
                    throw new OptionException("jkasan: malformed option '" + pair + "'" + where
                            + ": expected key=value; keys: " + Option.allKeys());
                }
                String key = pair.substring(0, eq).trim();
                Option o = Option.byKey(key);
                if (o == null) {
                    throw unknown(key, where);
                }
                raw.put(o, pair.substring(eq + 1).trim());
                last = o;
            }
            i = j + 1;
        }
    }

    private static OptionException unknown(String key, String where) {
        return new OptionException("jkasan: unknown option '" + key + "'" + where + "; known options: "
                + Option.allKeys());
    }

    private static String value(Map<Option, String> raw, Option o) {
        String v = raw.get(o);
        return v != null ? v : o.defaultValue();
    }

    private static OptionException bad(Option o, String v) {
        return new OptionException("jkasan: bad value '" + v + "' for " + o.key() + ": expected " + o.accepted());
    }

    private static FaultPolicy parseFault(String v) {
        switch (v) {
            case "report": return FaultPolicy.REPORT;
            case "throw": return FaultPolicy.THROW;
            case "panic": return FaultPolicy.PANIC;
            default: throw bad(Option.FAULT, v);
        }
    }

    private static boolean parseBoolean(Option o, String v) {
        if (v.equals("true") || v.equals("1")) {
            return true;
        }
        if (v.equals("false") || v.equals("0")) {
            return false;
        }
        throw bad(o, v);
    }

    private static int parseInt(Option o, String v, int min, int max) {
        try {
            int i = Integer.parseInt(v);
            if (i < min || i > max) {
                throw bad(o, v);
            }
            return i;
        } catch (NumberFormatException e) {
            throw bad(o, v);
        }
    }

    /**
     * Parses a size such as {@code 64g}, {@code 512m}, {@code 32k} or {@code 4096}.
     *
     * @param v the text
     * @return the number of bytes, or -1 if the text is not a size
     */
    public static long parseSizeOrMinusOne(String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        if (s.isEmpty()) {
            return -1;
        }
        int shift = 0;
        char last = s.charAt(s.length() - 1);
        if (last == 'b' && s.length() > 1 && "kmgt".indexOf(s.charAt(s.length() - 2)) >= 0) {
            s = s.substring(0, s.length() - 1);
            last = s.charAt(s.length() - 1);
        }
        switch (last) {
            case 'k': shift = 10; break;
            case 'm': shift = 20; break;
            case 'g': shift = 30; break;
            case 't': shift = 40; break;
            default: break;
        }
        if (shift != 0) {
            s = s.substring(0, s.length() - 1);
        }
        try {
            long n = Long.parseLong(s);
            if (n < 0 || (shift > 0 && n > (Long.MAX_VALUE >> shift))) {
                return -1;
            }
            return n << shift;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long parseSize(Option o, String v, long min, long max, long multiple) {
        long n = parseSizeOrMinusOne(v);
        if (n < min || n > max || n % multiple != 0) {
            throw new OptionException("jkasan: bad value '" + v + "' for " + o.key() + ": expected " + o.accepted()
                    + " between " + min + " and " + max + " bytes" + (multiple > 1 ? ", a multiple of " + multiple : ""));
        }
        return n;
    }

    /**
     * The kernel's {@code lazy_max_pages()} in bytes: {@code fls(ncpu) * 32 MiB}.
     *
     * @param cpus number of online CPUs
     * @return the purge threshold in bytes
     */
    public static long defaultLazyMax(int cpus) {
        int fls = 32 - Integer.numberOfLeadingZeros(Math.max(1, cpus));
        return (long) fls * (32L << 20);
    }

    /** @return the fault policy */
    public FaultPolicy fault() { return fault; }

    /** @return whether every report is printed */
    public boolean multiShot() { return multiShot; }

    /** @return exit status for fault=panic */
    public int exitCode() { return exitCode; }

    /** @return the log path prefix, empty for none */
    public String logPath() { return logPath; }

    /** @return frames recorded per allocation or free stack */
    public int stackDepth() { return stackDepth; }

    /** @return the reserved arena size in bytes */
    public long arenaSize() { return arenaSize; }

    /** @return the purge threshold in bytes */
    public long lazyMax() { return lazyMax; }

    /** @return the guarded thread stack size in bytes */
    public long threadStackSize() { return threadStackSize; }

    /** @return the include globs */
    public String includes() { return includes; }

    /** @return the exclude globs */
    public String excludes() { return excludes; }

    /** @return whether JDK classes are rewritten */
    public boolean includeJdk() { return includeJdk; }

    /** @return whether strict mode is on */
    public boolean strict() { return strict; }

    /**
     * @param o an option
     * @return the value a user set for it, or {@code null} if it was left at its default
     */
    public String explicitValue(Option o) {
        return raw.get(o);
    }
}
