package io.jkasan.runtime.options;

/**
 * The options in force in this JVM.
 *
 * <p>The agent installs them once, before anything else of the runtime runs ({@code Startup.start}); without
 * the agent (the runtime's own tests, benchmarks) the first {@link #get()} reads them from
 * {@code -Djkasan.*} and {@code JKASAN_OPTIONS}. They sit in the bottom layer because class initialisers of
 * every layer fix {@code static final} constants from them (the arena geometry, {@code strict}), and a
 * layer may only read from the layers below it (docs/design.md, "Runtime layers").
 */
public final class InstalledOptions {
    private static volatile Options options;

    private InstalledOptions() {
    }

    /**
     * Installs the options, once.
     *
     * @param opts the parsed options
     * @throws IllegalStateException if other options are already in force
     */
    public static synchronized void install(Options opts) {
        if (options != null && options != opts) {
            throw new IllegalStateException("jkasan: runtime already started");
        }
        options = opts;
    }

    /** @return the options in force, read from the system properties and the environment if none were installed */
    public static Options get() {
        Options o = options;
        if (o == null) {
            synchronized (InstalledOptions.class) {
                if (options == null) {
                    options = Options.fromSources(null, System.getProperties(), System.getenv());
                }
                o = options;
            }
        }
        return o;
    }
}
