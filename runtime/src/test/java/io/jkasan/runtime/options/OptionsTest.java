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
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The option table, its three sources and its documentation. */
class OptionsTest {
    @Test
    void defaults_match_spec() {
        Options o = Options.defaults();
        assertEquals(FaultPolicy.REPORT, o.fault());
        assertFalse(o.multiShot());
        assertEquals(1, o.exitCode());
        assertEquals("", o.logPath());
        assertEquals(16, o.stackDepth());
        assertEquals(64L << 30, o.arenaSize());
        assertEquals(32L << 10, o.threadStackSize());
        assertEquals(Options.defaultLazyMax(Runtime.getRuntime().availableProcessors()), o.lazyMax());
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
    }

    @Test
    void sizes_and_globs_parse() {
        Options o = Options.parse("arena=512m,lazy_max=1g,thread_stack_size=16k,includes=com.a.*:com.b.*", ",");
        assertEquals(512L << 20, o.arenaSize());
        assertEquals(1L << 30, o.lazyMax());
        assertEquals(16L << 10, o.threadStackSize());
        assertEquals("com.a.*:com.b.*", o.includes());
        Options env = Options.fromSources(null, new Properties(),
                Map.of("JKASAN_OPTIONS", "includes=com.a.*:com.b.*:fault=throw"));
        assertEquals("com.a.*:com.b.*", env.includes());
        assertEquals(FaultPolicy.THROW, env.fault());
    }

    @Test
    void unknown_key_is_named() {
        OptionException e = assertThrows(OptionException.class, () -> Options.parse("bogus=1", ","));
        assertTrue(e.getMessage().contains("unknown option 'bogus'"), e.getMessage());
        assertTrue(e.getMessage().contains("multi_shot"), e.getMessage());
        OptionException p = assertThrows(OptionException.class, () -> {
            Properties props = new Properties();
            props.setProperty("jkasan.nope", "1");
            Options.fromSources(null, props, Map.of());
        });
        assertTrue(p.getMessage().contains("'nope'") && p.getMessage().contains("-Djkasan.nope"), p.getMessage());
    }

    @Test
    void bad_values_name_key_and_accepted_values() {
        assertMessage("fault=maybe", "bad value 'maybe' for fault: expected report|throw|panic");
        assertMessage("multi_shot=yes", "for multi_shot: expected true|false");
        assertMessage("stack_depth=65", "for stack_depth: expected 0..64");
        assertMessage("arena=lots", "for arena");
        assertMessage("thread_stack_size=24k", "power of two");
        assertMessage("exitcode", "malformed option 'exitcode'");
    }

    private static void assertMessage(String args, String fragment) {
        OptionException e = assertThrows(OptionException.class, () -> Options.parse(args, ","));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
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
}
