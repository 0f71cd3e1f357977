package io.jkasan.runtime.options;

import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * Reads the settings of one source. Every value is parsed with its option's type here, whichever source
 * finally wins, so a mistake in a lower-precedence source is reported rather than hidden by an override.
 */
final class SourceParser {
    private SourceParser() {
    }

    /**
     * @param text {@code key=value} pairs separated by commas
     * @return the settings it makes
     * @throws OptionException on a malformed pair, an unknown or repeated key, or a refused value
     */
    static Map<Option, Setting> agentArgument(String text) {
        return pairs(text, ",", Source.AGENT_ARGUMENT);
    }

    /**
     * @param text {@code key=value} pairs separated by {@code :} or {@code ,}, as {@code ASAN_OPTIONS}
     * @return the settings it makes
     * @throws OptionException on a malformed pair, an unknown or repeated key, or a refused value
     */
    static Map<Option, Setting> environment(String text) {
        return pairs(text, ":,", Source.ENVIRONMENT);
    }

    /**
     * @param properties system properties; those named {@code jkasan.<key>} are options
     * @return the settings they make
     * @throws OptionException on an unknown key or a refused value
     */
    static Map<Option, Setting> properties(Properties properties) {
        Map<Option, Setting> settings = new EnumMap<>(Option.class);
        // Sorted, so that of several bad properties the same one is named on every run.
        for (String name : new TreeSet<>(properties.stringPropertyNames())) {
            if (name.startsWith(Options.PROPERTY_PREFIX)) {
                String key = name.substring(Options.PROPERTY_PREFIX.length());
                Option o = Option.byKey(key);
                if (o == null) {
                    throw unknown(key, Source.SYSTEM_PROPERTY);
                }
                settings.put(o, Setting.parse(o, properties.getProperty(name).trim(), Source.SYSTEM_PROPERTY));
            }
        }
        return settings;
    }

    private static Map<Option, Setting> pairs(String text, String separators, Source source) {
        Map<Option, String> raw = new EnumMap<>(Option.class);
        int n = text.length();
        Option last = null;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j < n && separators.indexOf(text.charAt(j)) < 0) {
                j++;
            }
            String pair = text.substring(i, j).trim();
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                if (eq < 0 && i > 0 && text.charAt(i - 1) == ':' && last != null
                        && last.type() instanceof GlobsType) {
                    // Glob lists are ':'-separated themselves; in JKASAN_OPTIONS a piece without '='
                    // after includes/excludes continues that list.
                    raw.put(last, raw.get(last) + ":" + pair);
                } else {
                    last = put(raw, pair, eq, source);
                }
            }
            i = j + 1;
        }
        Map<Option, Setting> settings = new EnumMap<>(Option.class);
        for (Map.Entry<Option, String> e : raw.entrySet()) {
            settings.put(e.getKey(), Setting.parse(e.getKey(), e.getValue(), source));
        }
        return settings;
    }

    private static Option put(Map<Option, String> raw, String pair, int eq, Source source) {
        if (eq <= 0) {
            throw new OptionException("jkasan: malformed option '" + OptionException.printable(pair) + "' (in "
                    + source.where("") + "): expected key=value; known options: " + Option.allKeys());
        }
        String key = pair.substring(0, eq).trim();
        Option o = Option.byKey(key);
        if (o == null) {
            throw unknown(key, source);
        }
        String value = pair.substring(eq + 1).trim();
        String earlier = raw.putIfAbsent(o, value);
        if (earlier != null) {
            // Taking the last silently would hide which of the two was meant.
            throw new OptionException("jkasan: option '" + key + "' given twice (in " + source.where(key) + "): '"
                    + OptionException.printable(earlier) + "' and '" + OptionException.printable(value)
                    + "'; expected each key at most once");
        }
        return o;
    }

    private static OptionException unknown(String key, Source source) {
        return new OptionException("jkasan: unknown option '" + OptionException.printable(key) + "' (in "
                + source.where(key) + "); known options: " + Option.allKeys());
    }
}
