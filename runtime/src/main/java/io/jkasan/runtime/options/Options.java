package io.jkasan.runtime.options;

import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Parsed, validated, immutable option values.
 *
 * <p>Sources, highest precedence first (docs/options.md): the agent argument ({@code key=value,key=value}), system
 * properties {@code -Djkasan.<key>=<value>}, the environment variable {@code JKASAN_OPTIONS}
 * ({@code :} or {@code ,} separated, as {@code ASAN_OPTIONS}), then the defaults of {@link Option}. Every
 * source is validated in full, also where a higher one overrides it, and a key may appear once per source.
 */
public final class Options {
    /** Name of the environment variable read by {@link #fromSources}. */
    public static final String ENVIRONMENT_VARIABLE = "JKASAN_OPTIONS";
    /** Prefix of the system properties read by {@link #fromSources}. */
    public static final String PROPERTY_PREFIX = "jkasan.";

    /** The winning setting of every option some source gave. */
    private final Map<Option, Setting> given;
    /** Every option's value in force; {@code null} where the default is "none". */
    private final Map<Option, Object> values = new EnumMap<>(Option.class);

    private Options(Map<Option, Setting> given) {
        this.given = Collections.unmodifiableMap(given);
        for (Option o : Option.values()) {
            Setting s = given.get(o);
            values.put(o, s != null ? s.value() : o.defaultValue());
        }
        checkArenaBounds();
    }

    /** @return all defaults */
    public static Options defaults() {
        return new Options(new EnumMap<>(Option.class));
    }

    /**
     * Reads all sources with the precedence of docs/options.md: agent argument, then system properties, then environment.
     *
     * @param agentArgs the agent argument, may be {@code null}
     * @param properties system properties
     * @param environment the process environment
     * @return the merged options
     * @throws OptionException on an unknown, malformed or repeated key or a refused value in any source,
     *     or a size that does not fit the arena in force
     */
    public static Options fromSources(String agentArgs, Properties properties, Map<String, String> environment) {
        // Parse highest precedence first so that, of several mistakes, the one in the winning source is named.
        Map<Option, Setting> agent = agentArgs == null ? Map.of() : SourceParser.agentArgument(agentArgs);
        Map<Option, Setting> props = SourceParser.properties(properties);
        String env = environment.get(ENVIRONMENT_VARIABLE);
        Map<Option, Setting> fromEnv = env == null ? Map.of() : SourceParser.environment(env);
        Map<Option, Setting> merged = new EnumMap<>(Option.class);
        merged.putAll(fromEnv);
        merged.putAll(props);
        merged.putAll(agent);
        return new Options(merged);
    }

    /**
     * {@code lazy_max} and {@code thread_stack_size} are taken from the arena, so a value set for them must
     * fit the arena in force, whichever sources the two came from. Defaults are not checked: the runtime
     * copes with a default purge threshold above a small arena (it purges when an allocation does not fit).
     */
    private void checkArenaBounds() {
        long arena = arenaSize();
        for (Setting s : given.values()) {
            if (s.option().type() instanceof SizeType && ((SizeType) s.option().type()).boundedByArena()) {
                SizeType type = (SizeType) s.option().type();
                long largest = type.largestWithin(arena);
                if ((Long) s.value() > largest) {
                    throw s.refusal("expected " + type.expected() + ", here at most " + Sizes.format(largest)
                            + " for " + describe(Option.ARENA));
                }
            }
        }
    }

    /**
     * @param o an option
     * @return whether some source set it (as opposed to its default being in force)
     */
    public boolean isSet(Option o) {
        return given.containsKey(o);
    }

    /**
     * @param o an option
     * @return the value in force and where it came from, for messages: {@code arena=1t (in the agent
     *     argument)} or {@code arena=64g (default)}
     */
    public String describe(Option o) {
        Setting s = given.get(o);
        if (s != null) {
            return s.describe();
        }
        return o.key() + "=" + (o.defaultText() == null ? "" : o.defaultText()) + " (default)";
    }

    /**
     * Refuses a value that parsed but that the runtime cannot honour at start-up, such as an arena that
     * cannot be reserved.
     *
     * @param o an option some source set ({@link #isSet})
     * @param reason what went wrong and what is accepted
     * @return the one-line refusal naming the value, the key and its source
     * @throws IllegalArgumentException if no source set the option
     */
    public OptionException refusal(Option o, String reason) {
        Setting s = given.get(o);
        if (s == null) {
            throw new IllegalArgumentException(o.key() + " was not set");
        }
        return s.refusal(reason);
    }

    private <T> T value(Option o, Class<T> type) {
        return type.cast(values.get(o));
    }

    /** @return the fault policy */
    public FaultPolicy fault() { return value(Option.FAULT, FaultPolicy.class); }

    /** @return whether every report is printed */
    public boolean multiShot() { return value(Option.MULTI_SHOT, Boolean.class); }

    /** @return exit status for fault=panic, 0..255 */
    public int exitCode() { return value(Option.EXITCODE, Integer.class); }

    /** @return whether a run that made reports turns an exit status of 0 into {@link #exitCode()} */
    public boolean exitCodeOnReport() { return value(Option.EXITCODE_ON_REPORT, Boolean.class); }

    /** @return the format of what goes to the report log, or to stderr without one */
    public LogFormat logFormat() { return value(Option.LOG_FORMAT, LogFormat.class); }

    /** @return whether test-framework frames below the test method are folded into one line */
    public boolean foldFrames() { return value(Option.FOLD_FRAMES, Boolean.class); }

    /** @return whether memory still allocated at exit is reported */
    public boolean detectLeaks() { return value(Option.DETECT_LEAKS, Boolean.class); }

    /** @return the prefix of the report log file, empty for none */
    public Optional<Path> logPath() { return Optional.ofNullable(value(Option.LOG_PATH, Path.class)); }

    /** @return frames recorded per allocation or free stack */
    public int stackDepth() { return value(Option.STACK_DEPTH, Integer.class); }

    /** @return the requested arena size in bytes */
    public long arenaSize() { return value(Option.ARENA, Long.class); }

    /** @return the quarantine's size in bytes: freed areas' pages kept poisoned before the oldest are purged */
    public long lazyMax() { return value(Option.LAZY_MAX, Long.class); }

    /** @return the guarded thread stack size in bytes, a power of two */
    public long threadStackSize() { return value(Option.THREAD_STACK_SIZE, Long.class); }

    /** @return the include globs, {@code :}-separated */
    public String includes() { return value(Option.INCLUDES, String.class); }

    /** @return the exclude globs, {@code :}-separated, empty for none */
    public String excludes() { return value(Option.EXCLUDES, String.class); }

    /** @return whether JDK classes are rewritten */
    public boolean includeJdk() { return value(Option.INCLUDE_JDK, Boolean.class); }

    /** @return the globs of the frames reports are not named after, {@code :}-separated, empty for none */
    public String skipFrames() { return value(Option.SKIP_FRAMES, String.class); }

    /** @return whether strict mode is on */
    public boolean strict() { return value(Option.STRICT, Boolean.class); }
}
