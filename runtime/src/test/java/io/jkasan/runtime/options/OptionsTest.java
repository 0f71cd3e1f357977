package io.jkasan.runtime.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The option table, its value types, its three sources, its refusals and its documentation. */
class OptionsTest {
    private static final String AGENT = " (in the agent argument): ";

    @Test
    void defaults_match_spec() {
        Options o = Options.defaults();
        assertEquals(FaultPolicy.REPORT, o.fault());
        assertFalse(o.multiShot());
        assertEquals(1, o.exitCode());
        assertEquals(Optional.empty(), o.logPath());
        assertEquals(16, o.stackDepth());
        assertEquals(64L << 30, o.arenaSize());
        assertEquals(32L << 10, o.threadStackSize());
        assertEquals(512L << 20, o.lazyMax());
        assertEquals("*", o.includes());
        assertEquals("", o.excludes());
        assertFalse(o.includeJdk());
        assertFalse(o.strict());
        for (Option option : Option.values()) {
            assertFalse(o.isSet(option), option.key());
        }
    }

    /** Every written default is a value its own type accepts. */
    @Test
    void every_default_text_parses_with_its_type() {
        for (Option o : Option.values()) {
            if (o != Option.LAZY_MAX && o.defaultText() != null) {
                agent(o.key() + "=" + o.defaultText());
            }
        }
    }

    @Test
    void precedence_is_agent_argument_then_property_then_environment() {
        Properties p = new Properties();
        p.setProperty("jkasan.stack_depth", "8");
        p.setProperty("jkasan.exitcode", "3");
        Map<String, String> env = Map.of("JKASAN_OPTIONS", "stack_depth=4:exitcode=5:multi_shot=true");
        Options o = Options.fromSources("stack_depth=2", p, env);
        assertEquals(2, o.stackDepth());
        assertEquals(3, o.exitCode());
        assertTrue(o.multiShot());
        assertTrue(o.isSet(Option.STACK_DEPTH));
        assertEquals("stack_depth=2 (in the agent argument)", o.describe(Option.STACK_DEPTH));
        assertEquals("exitcode=3 (in -Djkasan.exitcode)", o.describe(Option.EXITCODE));
        assertEquals("multi_shot=true (in JKASAN_OPTIONS)", o.describe(Option.MULTI_SHOT));
        assertEquals("arena=64g (default)", o.describe(Option.ARENA));
    }

    @Test
    void sizes_and_globs_parse() {
        Options o = agent("arena=512m,lazy_max=256M,thread_stack_size=16k,includes=com.a.*:com.b.?$Inner");
        assertEquals(512L << 20, o.arenaSize());
        assertEquals(256L << 20, o.lazyMax());
        assertEquals(16L << 10, o.threadStackSize());
        assertEquals("com.a.*:com.b.?$Inner", o.includes());
        Options env = Options.fromSources(null, new Properties(),
                Map.of("JKASAN_OPTIONS", "includes=com.a.*:com.b.*:fault=throw"));
        assertEquals("com.a.*:com.b.*", env.includes());
        assertEquals(FaultPolicy.THROW, env.fault());
        assertEquals(Path.of("/tmp/kasan"), agent("log_path=/tmp/kasan").logPath().orElseThrow());
        assertEquals(64L << 40, agent("arena=64t").arenaSize());
        assertEquals(16L << 20, agent("arena=16m").arenaSize());
        assertEquals(0, agent("lazy_max=0").lazyMax());
        assertEquals(0, agent("exitcode=0").exitCode());
        assertEquals(255, agent("exitcode=255").exitCode());
        assertEquals(7, agent("exitcode=007").exitCode());
        assertEquals(0, agent("exitcode=000").exitCode());
        assertEquals(1, agent("exitcode=00000000000000000001").exitCode());
        assertEquals(0, agent("stack_depth=0").stackDepth());
        assertEquals(64, agent("stack_depth=64").stackDepth());
        assertEquals(4096, agent("thread_stack_size=4k").threadStackSize());
        assertEquals(256L << 20, agent("thread_stack_size=256m").threadStackSize());
        assertEquals("", agent("excludes=").excludes());
        assertEquals(FaultPolicy.PANIC, agent(" fault = panic ").fault());
    }

    @Test
    void size_notation() {
        assertEquals(4096, Sizes.parse("4096"));
        assertEquals(32L << 10, Sizes.parse("32k"));
        assertEquals(32L << 10, Sizes.parse("32K"));
        assertEquals(5L << 40, Sizes.parse("5t"));
        assertEquals(0, Sizes.parse("0"));
        for (String bad : new String[] {"", "k", "-1", "+1", "1.5g", "1kb", "1b", "1 k", "0x10", "1e3",
                "99999999999999999999", "8388608t", "9223372036854775807k"}) {
            assertEquals(-1, Sizes.parse(bad), bad);
        }
        assertEquals("64g", Sizes.format(64L << 30));
        assertEquals("1536m", Sizes.format(3L << 29));
        assertEquals("4095", Sizes.format(4095));
        assertEquals("0", Sizes.format(0));
        for (long n : new long[] {1, 1024, 1L << 46, (1L << 46) + 4096, Long.MAX_VALUE}) {
            assertEquals(n, Sizes.parse(Sizes.format(n)));
        }
    }

    @Test
    void unknown_key_is_named_with_its_source() {
        assertRefused("bogus=1", "jkasan: unknown option 'bogus' (in the agent argument); known options: fault, "
                + "multi_shot, exitcode, exitcode_on_report, log_path, log_format, fold_frames, detect_leaks, "
                + "stack_depth, arena, lazy_max, thread_stack_size, includes, excludes, include_jdk, skip_frames, strict");
        OptionException p = assertThrows(OptionException.class, () -> Options.fromSources(null,
                properties("jkasan.nope", "1"), Map.of()));
        assertTrue(p.getMessage().startsWith("jkasan: unknown option 'nope' (in -Djkasan.nope); known options: "),
                p.getMessage());
        OptionException e = assertThrows(OptionException.class, () -> Options.fromSources(null, new Properties(),
                Map.of("JKASAN_OPTIONS", "fault=throw:bogus=1")));
        assertTrue(e.getMessage().startsWith("jkasan: unknown option 'bogus' (in JKASAN_OPTIONS); "),
                e.getMessage());
    }

    @Test
    void malformed_pairs() {
        assertRefused("exitcode", "jkasan: malformed option 'exitcode' (in the agent argument): expected "
                + "key=value; known options: " + Option.allKeys());
        assertRefused("=5", "jkasan: malformed option '=5' (in the agent argument): expected key=value; "
                + "known options: " + Option.allKeys());
    }

    @Test
    void a_key_given_twice_in_one_source_is_refused() {
        assertRefused("fault=throw,fault=report", "jkasan: option 'fault' given twice (in the agent argument): "
                + "'throw' and 'report'; expected each key at most once");
        assertRefused("fault=throw,fault=throw", "jkasan: option 'fault' given twice (in the agent argument): "
                + "'throw' and 'throw'; expected each key at most once");
        OptionException e = assertThrows(OptionException.class, () -> Options.fromSources(null, new Properties(),
                Map.of("JKASAN_OPTIONS", "includes=a.*:excludes=b.*,includes=c.*")));
        assertEquals("jkasan: option 'includes' given twice (in JKASAN_OPTIONS): 'a.*' and 'c.*'; expected each "
                + "key at most once", e.getMessage());
    }

    @Test
    void the_same_key_in_different_sources_is_precedence_not_repetition() {
        Options o = Options.fromSources("fault=throw", properties("jkasan.fault", "panic"),
                Map.of("JKASAN_OPTIONS", "fault=report"));
        assertEquals(FaultPolicy.THROW, o.fault());
    }

    /** An override does not hide a mistake in a lower-precedence source. */
    @Test
    void every_source_is_validated_even_when_overridden() {
        OptionException p = assertThrows(OptionException.class, () -> Options.fromSources("fault=throw",
                properties("jkasan.fault", "bogus"), Map.of()));
        assertEquals("jkasan: bad value 'bogus' for fault (in -Djkasan.fault): expected report, throw or panic",
                p.getMessage());
        OptionException e = assertThrows(OptionException.class, () -> Options.fromSources("fault=throw",
                properties("jkasan.fault", "panic"), Map.of("JKASAN_OPTIONS", "fault=bogus")));
        assertEquals("jkasan: bad value 'bogus' for fault (in JKASAN_OPTIONS): expected report, throw or panic",
                e.getMessage());
        OptionException d = assertThrows(OptionException.class, () -> Options.fromSources("multi_shot=true",
                new Properties(), Map.of("JKASAN_OPTIONS", "multi_shot=true:multi_shot=false")));
        assertTrue(d.getMessage().contains("'multi_shot' given twice (in JKASAN_OPTIONS)"), d.getMessage());
    }

    @Test
    void property_values_are_trimmed_like_the_others() {
        assertEquals(FaultPolicy.THROW,
                Options.fromSources(null, properties("jkasan.fault", " throw "), Map.of()).fault());
    }

    @Test
    void words_are_exact() {
        for (String bad : new String[] {"maybe", "THROW", "Throw", "", "throw!"}) {
            assertRefused("fault=" + bad, "jkasan: bad value '" + bad + "' for fault" + AGENT
                    + "expected report, throw or panic");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "0", "TRUE", "False", "yes", "on", ""})
    void booleans_are_exactly_true_or_false(String bad) {
        for (String key : new String[] {"multi_shot", "include_jdk", "strict"}) {
            assertRefused(key + "=" + bad, "jkasan: bad value '" + bad + "' for " + key + AGENT
                    + "expected true or false");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"300", "256", "-1", "+1", "", "abc", "1.0", "0x1", "99999999999999999999"})
    void exitcode_is_0_to_255(String bad) {
        assertRefused("exitcode=" + bad, "jkasan: bad value '" + bad + "' for exitcode" + AGENT
                + "expected an integer from 0 to 255");
    }

    @ParameterizedTest
    @ValueSource(strings = {"65", "-1", "", "sixteen", "4294967312"})
    void stack_depth_is_0_to_64(String bad) {
        assertRefused("stack_depth=" + bad, "jkasan: bad value '" + bad + "' for stack_depth" + AGENT
                + "expected an integer from 0 to 64");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "15m", "65t", "16777217", "100000k"})
    void arena_out_of_range_or_not_a_multiple_of_64k(String bad) {
        assertRefused("arena=" + bad, "jkasan: bad value '" + bad + "' for arena" + AGENT
                + "expected a size from 16m to 64t, a multiple of 64k");
    }

    @ParameterizedTest
    @ValueSource(strings = {"lots", "1.5g", "-1g", "", "1gb", "1p", "9223372036854775807k"})
    void arena_that_is_not_a_size_says_how_sizes_are_written(String bad) {
        assertRefused("arena=" + bad, "jkasan: bad value '" + bad + "' for arena" + AGENT
                + "expected a size from 16m to 64t, a multiple of 64k, written as digits with an optional k, m, g "
                + "or t suffix");
    }

    @ParameterizedTest
    @ValueSource(strings = {"24k", "0", "2k", "512m", "4097"})
    void thread_stack_size_is_a_power_of_two_from_a_page_to_256m(String bad) {
        assertRefused("thread_stack_size=" + bad, "jkasan: bad value '" + bad + "' for thread_stack_size" + AGENT
                + "expected a power of two from 4k to 256m, at most arena/4");
    }

    @Test
    void lazy_max_is_a_size_up_to_the_arena() {
        assertRefused("lazy_max=-1", "jkasan: bad value '-1' for lazy_max" + AGENT
                + "expected a size from 0 to the arena size, written as digits with an optional k, m, g or t suffix");
        assertRefused("lazy_max=65t", "jkasan: bad value '65t' for lazy_max" + AGENT
                + "expected a size from 0 to the arena size");
        assertRefused("lazy_max=65g", "jkasan: bad value '65g' for lazy_max" + AGENT
                + "expected a size from 0 to the arena size, here at most 64g for arena=64g (default)");
        assertEquals(64L << 30, agent("lazy_max=64g").lazyMax());
    }

    /** The bound applies to the merged values, whichever sources set them. */
    @Test
    void sizes_bounded_by_the_arena_are_checked_against_the_arena_in_force() {
        assertRefused("arena=16m,thread_stack_size=8m", "jkasan: bad value '8m' for thread_stack_size" + AGENT
                + "expected a power of two from 4k to 256m, at most arena/4, here at most 4m for arena=16m "
                + "(in the agent argument)");
        assertEquals(4L << 20, agent("arena=16m,thread_stack_size=4m").threadStackSize());
        OptionException e = assertThrows(OptionException.class, () -> Options.fromSources("lazy_max=1g",
                new Properties(), Map.of("JKASAN_OPTIONS", "arena=512m")));
        assertEquals("jkasan: bad value '1g' for lazy_max (in the agent argument): expected a size from 0 to the "
                + "arena size, here at most 512m for arena=512m (in JKASAN_OPTIONS)", e.getMessage());
        OptionException t = assertThrows(OptionException.class, () -> Options.fromSources("arena=48m",
                properties("jkasan.thread_stack_size", "16m"), Map.of()));
        assertEquals("jkasan: bad value '16m' for thread_stack_size (in -Djkasan.thread_stack_size): expected a "
                + "power of two from 4k to 256m, at most arena/4, here at most 8m for arena=48m (in the agent "
                + "argument)", t.getMessage());
        // The default lazy_max may exceed a small arena: the space then purges when an allocation does not fit.
        assertEquals(16L << 20, agent("arena=16m").arenaSize());
    }

    @Test
    void globs_are_dotted_class_names_with_wildcards() {
        String expected = "dotted class-name globs (with * and ?) separated by ':'";
        assertRefused("includes=", "jkasan: bad value '' for includes" + AGENT + "expected one or more " + expected);
        assertRefused("includes=com/acme/*", "jkasan: bad value 'com/acme/*' for includes" + AGENT
                + "'com/acme/*' is not a class-name glob; expected one or more " + expected);
        assertRefused("excludes=a.*::b.*", "jkasan: bad value 'a.*::b.*' for excludes" + AGENT
                + "empty glob between ':'; expected zero or more " + expected);
        assertRefused("excludes=a.*:", "jkasan: bad value 'a.*:' for excludes" + AGENT
                + "empty glob between ':'; expected zero or more " + expected);
        assertRefused("includes=com.acme.[ab]*", "jkasan: bad value 'com.acme.[ab]*' for includes" + AGENT
                + "'com.acme.[ab]*' is not a class-name glob; expected one or more " + expected);
    }

    @Test
    void log_path_is_a_non_empty_file_prefix() {
        String expected = "expected a file path prefix (not empty, not ending in '/'); reports go to PATH.<pid>";
        assertRefused("log_path=", "jkasan: bad value '' for log_path" + AGENT + expected);
        assertRefused("log_path=/tmp/", "jkasan: bad value '/tmp/' for log_path" + AGENT + expected);
        assertRefused("log_path=a\u0000b", "jkasan: bad value 'a\\u0000b' for log_path" + AGENT + expected);
    }

    @Test
    void control_characters_are_escaped_to_keep_the_message_on_one_line() {
        OptionException e = assertThrows(OptionException.class, () -> Options.fromSources(null, new Properties(),
                Map.of("JKASAN_OPTIONS", "fault=a\nb")));
        assertEquals("jkasan: bad value 'a\\nb' for fault (in JKASAN_OPTIONS): expected report, throw or panic",
                e.getMessage());
    }

    @Test
    void refusal_of_a_value_the_machine_cannot_honour_names_key_and_source() {
        Options o = Options.fromSources(null, properties("jkasan.arena", "1t"), Map.of());
        assertEquals("jkasan: bad value '1t' for arena (in -Djkasan.arena): cannot", o.refusal(Option.ARENA,
                "cannot").getMessage());
        assertThrows(IllegalArgumentException.class, () -> o.refusal(Option.LOG_PATH, "unset"));
    }

    @Test
    void every_documented_example_is_refused_on_one_line() {
        for (String example : OptionsDoc.EXAMPLES) {
            OptionException e = assertThrows(OptionException.class, () -> agent(example), example);
            assertOneLine(e.getMessage());
        }
    }

    /** docs/options.md is generated from the table; this fails when they drift apart. */
    @Test
    void docs_options_md_matches_the_table() throws IOException {
        Path doc = Path.of("../docs/options.md");
        String expected = OptionsDoc.render();
        String actual = Files.exists(doc) ? Files.readString(doc, StandardCharsets.UTF_8) : "";
        if (!actual.equals(expected)) {
            Files.writeString(Path.of("target/options.md.new"), expected, StandardCharsets.UTF_8);
            throw new AssertionError(doc.toAbsolutePath() + " is out of date; the generated text is in "
                    + Path.of("target/options.md.new").toAbsolutePath());
        }
    }

    private static Options agent(String args) {
        return Options.fromSources(args, new Properties(), Map.of());
    }

    private static Properties properties(String name, String value) {
        Properties p = new Properties();
        p.setProperty(name, value);
        return p;
    }

    private static void assertRefused(String args, String message) {
        OptionException e = assertThrows(OptionException.class, () -> agent(args), args);
        assertEquals(message, e.getMessage());
        assertOneLine(e.getMessage());
    }

    private static void assertOneLine(String message) {
        assertFalse(message.contains("\n") || message.contains("\r"), "one line: " + message);
        assertTrue(message.startsWith("jkasan: "), message);
    }
}
