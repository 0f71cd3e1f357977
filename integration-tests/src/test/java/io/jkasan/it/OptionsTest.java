package io.jkasan.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The SPEC §2 options as a user sets them: agent argument, {@code -Djkasan.*} and {@code JKASAN_OPTIONS},
 * through the real agent jar. Every refusal is checked on JDK 17 and 25 for exactly one stderr line, exit
 * status 2 and an empty stdout.
 */
class OptionsTest {

    @Test
    void fault_throw_raises_KasanError_at_the_access_and_the_program_stops_there() {
        final ForkedJvm.Result r = ForkedJvm.scenario("oob-write", "bug").agentOptions("fault=throw").run();
        final String ctx = r.describe();
        assertNotEquals(0, r.exitCode, ctx);
        assertEquals("", r.stdout, "nothing runs after the faulting access\n" + ctx);
        assertEquals(1, Splat.parseAll(r.stderrLines()).size(), ctx);
        FileCheck.fromSamples("CHECK", "OobWrite.java").check(r.stderrLines());
        final List<String> after = ScenarioReportTest.outsideReports(r.stderrLines());
        assertTrue(!after.isEmpty() && after.get(0).startsWith("Exception in thread \"main\" io.jkasan.KasanError"),
                "uncaught KasanError after the report\n" + ctx);
        assertTrue(after.stream().anyMatch(l -> l.matches("\\s+at io\\.jkasan\\.samples\\.OobWrite\\.run\\(OobWrite\\.java:\\d+\\)")),
                "thrown from the sample's access\n" + ctx);
    }

    @Test
    void fault_panic_halts_with_exitcode_after_the_report() {
        final ForkedJvm.Result r = ForkedJvm.scenario("oob-write", "bug").agentOptions("fault=panic,exitcode=7")
                .run();
        final String ctx = r.describe();
        assertEquals(7, r.exitCode, ctx);
        assertEquals("", r.stdout, ctx);
        assertEquals(1, Splat.parseAll(r.stderrLines()).size(), ctx);
        FileCheck.fromSamples("CHECK", "OobWrite.java").check(r.stderrLines());
    }

    @Test
    void fault_panic_exits_1_by_default() {
        final ForkedJvm.Result r = ForkedJvm.scenario("oob-write", "bug").agentOptions("fault=panic").run();
        assertEquals(1, r.exitCode, r.describe());
        assertEquals("", r.stdout, r.describe());
    }

    @Test
    void single_shot_is_the_default_and_prints_only_the_first_report() {
        final ForkedJvm.Result r = ForkedJvm.scenario("two-bugs", "bug").run();
        assertEquals(0, r.exitCode, r.describe());
        assertEquals(1, Splat.parseAll(r.stderrLines()).size(), r.describe());
        FileCheck.fromSamples("CHECK", "TwoBugs.java").check(r.stderrLines());
    }

    @Test
    void multi_shot_true_prints_every_report() {
        assertTwoReports(ForkedJvm.scenario("two-bugs", "bug").agentOptions("multi_shot=true").run());
    }

    @Test
    void multi_shot_from_JKASAN_OPTIONS() {
        assertTwoReports(ForkedJvm.scenario("two-bugs", "bug").env("JKASAN_OPTIONS", "multi_shot=true").run());
    }

    @Test
    void JKASAN_OPTIONS_pairs_are_separated_by_colons() {
        final ForkedJvm.Result r = ForkedJvm.scenario("oob-write", "bug")
                .env("JKASAN_OPTIONS", "fault=panic:exitcode=5").run();
        assertEquals(5, r.exitCode, r.describe());
    }

    @Test
    void multi_shot_from_system_property() {
        assertTwoReports(ForkedJvm.scenario("two-bugs", "bug").jvmArg("-Djkasan.multi_shot=true").run());
    }

    @Test
    void agent_argument_overrides_system_property_which_overrides_environment() {
        final ForkedJvm.Result r = ForkedJvm.scenario("two-bugs", "bug").agentOptions("multi_shot=false")
                .jvmArg("-Djkasan.multi_shot=true").env("JKASAN_OPTIONS", "multi_shot=true").run();
        assertEquals(1, Splat.parseAll(r.stderrLines()).size(), r.describe());
        final ForkedJvm.Result s = ForkedJvm.scenario("two-bugs", "bug").jvmArg("-Djkasan.multi_shot=false")
                .env("JKASAN_OPTIONS", "multi_shot=true").run();
        assertEquals(1, Splat.parseAll(s.stderrLines()).size(), s.describe());
    }

    @Test
    void log_path_also_appends_the_report_to_path_dot_pid(@TempDir final Path dir) throws IOException {
        final Path base = dir.resolve("kasan");
        final ForkedJvm.Result r = ForkedJvm.scenario("oob-write", "bug").agentOptions("log_path=" + base).run();
        final String ctx = r.describe();
        assertEquals(0, r.exitCode, ctx);
        final Path log = dir.resolve("kasan." + r.pid);
        assertTrue(Files.isRegularFile(log, LinkOption.NOFOLLOW_LINKS), "expected " + log + "; directory has "
                + List.of(dir.toFile().list()) + "\n" + ctx);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(log)),
                "reports show addresses and stack traces: owner only");
        final List<String> logged = Files.readAllLines(log, StandardCharsets.UTF_8);
        final List<Splat> fromLog = Splat.parseAll(logged);
        assertEquals(1, fromLog.size(), "reports in " + log + ":\n" + String.join("\n", logged));
        assertEquals(Splat.parseAll(r.stderrLines()).get(0).lines, fromLog.get(0).lines, "same report text");
        FileCheck.fromSamples("CHECK", "OobWrite.java").check(logged);
    }

    // ---- Refusals: one stderr line, exit status 2, nothing on stdout, on both memory backends ----

    /**
     * The JDKs every refusal is checked on: 17 runs the malloc memory backend, 22+ the mmap one. Homes come
     * from {@code -Djkasan.it.jdk17} / {@code -Djkasan.it.jdk25} or the usual install paths; a JDK that is
     * not installed skips its runs, naming the path.
     */
    enum Jdk {
        JDK_17("jkasan.it.jdk17", "/usr/lib/jvm/java-17-openjdk-amd64", "malloc"),
        JDK_25("jkasan.it.jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64", "mmap");

        private final String property;
        private final String defaultHome;
        /** The memory backend the runtime uses there. */
        final String backend;

        Jdk(final String property, final String defaultHome, final String backend) {
            this.property = property;
            this.defaultHome = defaultHome;
            this.backend = backend;
        }

        Path home() {
            final Path home = Paths.get(System.getProperty(property, defaultHome));
            Assumptions.assumeTrue(Files.isExecutable(home.resolve("bin/java")), "no " + this + " at " + home);
            return home;
        }

        /** @return a program that must never run: any refusal happens before it */
        ForkedJvm jvm() {
            return ForkedJvm.scenario("oob-write", "ok").onJdk(home());
        }
    }

    private static final String AGENT = " (in the agent argument): ";

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void exitcode_must_fit_an_exit_status(final Jdk jdk) {
        assertRefused(jdk.jvm().agentOptions("exitcode=300"),
                "jkasan: bad value '300' for exitcode" + AGENT + "expected an integer from 0 to 255");
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void a_bad_system_property_is_refused_even_when_the_agent_argument_overrides_it(final Jdk jdk) {
        assertRefused(jdk.jvm().agentOptions("fault=throw").jvmArg("-Djkasan.fault=bogus"),
                "jkasan: bad value 'bogus' for fault (in -Djkasan.fault): expected report, throw or panic");
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void a_bad_JKASAN_OPTIONS_value_is_refused_even_when_overridden(final Jdk jdk) {
        assertRefused(jdk.jvm().agentOptions("fault=throw").env("JKASAN_OPTIONS", "fault=bogus"),
                "jkasan: bad value 'bogus' for fault (in JKASAN_OPTIONS): expected report, throw or panic");
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void a_key_repeated_in_one_source_is_refused(final Jdk jdk) {
        assertRefused(jdk.jvm().agentOptions("fault=throw,fault=report"), "jkasan: option 'fault' given twice"
                + " (in the agent argument): 'throw' and 'report'; expected each key at most once");
        assertRefused(jdk.jvm().env("JKASAN_OPTIONS", "multi_shot=true:multi_shot=false"), "jkasan: option "
                + "'multi_shot' given twice (in JKASAN_OPTIONS): 'true' and 'false'; expected each key at most once");
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void unknown_keys_are_named_with_their_source(final Jdk jdk) {
        final String known = "; known options: fault, multi_shot, exitcode, log_path, stack_depth, arena, lazy_max, "
                + "thread_stack_size, includes, excludes, include_jdk, skip_frames, strict";
        assertRefused(jdk.jvm().agentOptions("bogus=1"), "jkasan: unknown option 'bogus' (in the agent argument)"
                + known);
        assertRefused(jdk.jvm().env("JKASAN_OPTIONS", "bogus=1"), "jkasan: unknown option 'bogus' (in "
                + "JKASAN_OPTIONS)" + known);
        assertRefused(jdk.jvm().jvmArg("-Djkasan.bogus=1"), "jkasan: unknown option 'bogus' (in -Djkasan.bogus)"
                + known);
        assertRefused(jdk.jvm().agentOptions("exitcode"), "jkasan: malformed option 'exitcode' (in the agent "
                + "argument): expected key=value" + known);
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void values_outside_their_type_are_refused(final Jdk jdk) {
        assertRefused(jdk.jvm().agentOptions("fault=maybe"),
                "jkasan: bad value 'maybe' for fault" + AGENT + "expected report, throw or panic");
        assertRefused(jdk.jvm().agentOptions("multi_shot=1"),
                "jkasan: bad value '1' for multi_shot" + AGENT + "expected true or false");
        assertRefused(jdk.jvm().agentOptions("stack_depth=65"),
                "jkasan: bad value '65' for stack_depth" + AGENT + "expected an integer from 0 to 64");
        assertRefused(jdk.jvm().agentOptions("arena=1.5g"), "jkasan: bad value '1.5g' for arena" + AGENT
                + "expected a size from 16m to 64t, a multiple of 64k, written as digits with an optional k, m, g or "
                + "t suffix");
        assertRefused(jdk.jvm().agentOptions("thread_stack_size=24k"), "jkasan: bad value '24k' for "
                + "thread_stack_size" + AGENT + "expected a power of two from 4k to 256m, at most arena/4");
        assertRefused(jdk.jvm().agentOptions("includes=com/acme/*"), "jkasan: bad value 'com/acme/*' for includes"
                + AGENT + "'com/acme/*' is not a class-name glob; expected one or more dotted class-name globs "
                + "(with * and ?) separated by ':'");
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void sizes_taken_from_the_arena_must_fit_the_arena_from_any_source(final Jdk jdk) {
        assertRefused(jdk.jvm().agentOptions("arena=16m").env("JKASAN_OPTIONS", "thread_stack_size=8m"),
                "jkasan: bad value '8m' for thread_stack_size (in JKASAN_OPTIONS): expected a power of two from 4k "
                + "to 256m, at most arena/4, here at most 4m for arena=16m (in the agent argument)");
        assertRefused(jdk.jvm().jvmArg("-Djkasan.arena=512m").agentOptions("lazy_max=1g"),
                "jkasan: bad value '1g' for lazy_max" + AGENT + "expected a size from 0 to the arena size, here at "
                + "most 512m for arena=512m (in -Djkasan.arena)");
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void an_empty_log_path_is_refused(final Jdk jdk) {
        assertRefused(jdk.jvm().agentOptions("log_path="), "jkasan: bad value '' for log_path" + AGENT
                + "expected a file path prefix (not empty, not ending in '/'); reports go to PATH.<pid>");
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void a_log_path_in_a_missing_directory_is_refused_at_start_up(final Jdk jdk, @TempDir final Path dir) {
        final Path prefix = dir.resolve("missing/kasan");
        assertRefused(jdk.jvm().agentOptions("log_path=" + prefix), r -> "jkasan: bad value '" + prefix
                + "' for log_path" + AGENT + "cannot create " + prefix + "." + r.pid + ": no such directory "
                + dir.resolve("missing") + "; expected a path prefix in an existing directory where jkasan may "
                + "create files");
    }

    /**
     * The pid that names the file is known only once the JVM runs, so the JVM is started through a script
     * that plants the link as {@code PATH.$$} and then {@code exec}s java, which keeps the pid.
     */
    @ParameterizedTest
    @EnumSource(Jdk.class)
    void a_symbolic_link_at_path_dot_pid_is_refused_and_not_followed(final Jdk jdk, @TempDir final Path dir)
            throws IOException {
        final Path victim = dir.resolve("victim");
        final Path prefix = dir.resolve("kasan");
        final Path wrapper = wrappedJdk(dir.resolve("jdk"), jdk.home(),
                "ln -s '" + victim + "' '" + prefix + ".'$$");
        final ForkedJvm.Result r = assertRefused(ForkedJvm.scenario("oob-write", "ok").onJdk(wrapper)
                .agentOptions("log_path=" + prefix), res -> "jkasan: bad value '" + prefix + "' for log_path" + AGENT
                + prefix + "." + res.pid + " is a symbolic link, which jkasan does not follow; expected a path "
                + "prefix whose PATH.<pid> is absent or a regular file");
        assertTrue(Files.isSymbolicLink(dir.resolve("kasan." + r.pid)), "the planted link\n" + r.describe());
        assertFalse(Files.exists(victim, LinkOption.NOFOLLOW_LINKS), "nothing created through the link");
    }

    /** Directories on the way to PATH.pid are resolved as for any path, symbolic links included. */
    @ParameterizedTest
    @EnumSource(Jdk.class)
    void log_path_through_a_symbolic_link_to_a_directory_is_followed(final Jdk jdk, @TempDir final Path dir)
            throws IOException {
        final Path real = Files.createDirectory(dir.resolve("real"));
        final Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        final ForkedJvm.Result r = jdk.jvm().agentOptions("log_path=" + link.resolve("kasan")).run();
        assertEquals(0, r.exitCode, r.describe());
        final Path log = real.resolve("kasan." + r.pid);
        assertTrue(Files.isRegularFile(log, LinkOption.NOFOLLOW_LINKS), "created at start-up\n" + r.describe());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(log)));
    }

    /** The reported case: 1t plus 128g of shadow is more than the kernel's overcommit heuristic grants malloc. */
    @Test
    void arena_of_1t_on_jdk17_is_refused_naming_the_largest_that_fits() throws IOException {
        final Path home = Jdk.JDK_17.home();
        Assumptions.assumeTrue("0".equals(Files.readString(Paths.get("/proc/sys/vm/overcommit_memory")).trim()),
                "the kernel's overcommit heuristic (vm.overcommit_memory=0) is what refuses the arena");
        assertRefusedMatching(ForkedJvm.scenario("oob-write", "ok").onJdk(home).agentOptions("arena=1t"),
                "jkasan: bad value '1t' for arena \\(in the agent argument\\): cannot reserve 1t plus 128g of shadow "
                + "with malloc; expected (at most \\d+[mg], the largest arena that could be reserved now|a smaller "
                + "one, but not even 16m could be reserved now)");
    }

    /**
     * An address-space limit ({@code ulimit -v}) makes any backend refuse: {@code MAP_NORESERVE} saves
     * commit, not address space. 3 GiB leave room for a small JVM and about 1.4 GiB of arena.
     */
    @ParameterizedTest
    @EnumSource(Jdk.class)
    void an_arena_that_cannot_be_reserved_is_refused_naming_the_largest_that_fits(final Jdk jdk,
            @TempDir final Path dir) throws IOException {
        final Matcher m = assertRefusedMatching(smallJvm(jdk, dir, 3L << 20).agentOptions("arena=4g"),
                "jkasan: bad value '4g' for arena \\(in the agent argument\\): cannot reserve 4g plus 512m of shadow "
                + "with " + jdk.backend + "; expected at most (\\d+)m, the largest arena that could be reserved now");
        final long largest = Long.parseLong(m.group(1));
        assertTrue(largest >= 16 && largest < 3 * 1024 && largest % 16 == 0, m.group());
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void the_default_arena_is_halved_and_then_refused_naming_the_largest_that_fits(final Jdk jdk,
            @TempDir final Path dir) throws IOException {
        assertRefusedMatching(smallJvm(jdk, dir, 2L << 20), "jkasan: cannot reserve arena=64g \\(default\\) with "
                + jdk.backend + ", nor its halves down to 1g \\(each plus 1/8 of shadow\\); set arena to at most "
                + "\\d+m, the largest arena that could be reserved now");
        final ForkedJvm.Result ok = smallJvm(jdk, dir.resolve("3g"), 3L << 20).run();
        assertEquals(0, ok.exitCode, "64g halved to 1g fits in 3g\n" + ok.describe());
        assertEquals("", ok.stderr, ok.describe());
    }

    @Test
    void arena_of_1t_is_reserved_with_mmap_noreserve_on_jdk25() {
        final ForkedJvm.Result r = ForkedJvm.scenario("oob-write", "ok").onJdk(Jdk.JDK_25.home())
                .agentOptions("arena=1t").run();
        assertEquals(0, r.exitCode, r.describe());
        assertEquals("", r.stderr, r.describe());
    }

    /** A JVM small enough to start under {@code ulimit -v}, with the limit given in KiB. */
    private static ForkedJvm smallJvm(final Jdk jdk, final Path dir, final long limitKib) throws IOException {
        return ForkedJvm.scenario("oob-write", "ok").onJdk(wrappedJdk(dir.resolve("jdk"), jdk.home(),
                "ulimit -v " + limitKib)).jvmArg("-Xmx64m").jvmArg("-XX:CompressedClassSpaceSize=64m")
                .jvmArg("-XX:ReservedCodeCacheSize=64m");
    }

    /**
     * Makes a JDK home whose {@code bin/java} runs shell lines and then {@code exec}s the real java, so the
     * JVM keeps the script's pid and limits.
     */
    private static Path wrappedJdk(final Path home, final Path real, final String... lines) throws IOException {
        final Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\n" + String.join("\n", lines) + "\nexec '" + real.resolve("bin/java")
                + "' \"$@\"\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
        return home;
    }

    private static ForkedJvm.Result assertRefused(final ForkedJvm jvm, final String line) {
        return assertRefused(jvm, r -> line);
    }

    /** Exit status 2, nothing on stdout (the program never ran), exactly the expected line on stderr. */
    private static ForkedJvm.Result assertRefused(final ForkedJvm jvm, final Function<ForkedJvm.Result, String> line) {
        final ForkedJvm.Result r = jvm.run();
        final String ctx = r.describe();
        assertEquals(2, r.exitCode, ctx);
        assertEquals("", r.stdout, "the program must not run\n" + ctx);
        assertEquals(List.of(line.apply(r)), r.stderrLines(), "exactly one stderr line\n" + ctx);
        return r;
    }

    private static Matcher assertRefusedMatching(final ForkedJvm jvm, final String regex) {
        final ForkedJvm.Result r = jvm.run();
        final String ctx = r.describe();
        assertEquals(2, r.exitCode, ctx);
        assertEquals("", r.stdout, "the program must not run\n" + ctx);
        assertEquals(1, r.stderrLines().size(), "exactly one stderr line\n" + ctx);
        final Matcher m = Pattern.compile(regex).matcher(r.stderrLines().get(0));
        assertTrue(m.matches(), "expected /" + regex + "/\n" + ctx);
        return m;
    }

    private static void assertTwoReports(final ForkedJvm.Result r) {
        final String ctx = r.describe();
        assertEquals(0, r.exitCode, ctx);
        final List<Splat> splats = Splat.parseAll(r.stderrLines());
        assertEquals(2, splats.size(), "multi_shot prints both reports\n" + ctx);
        for (final Splat s : splats) {
            s.assertCaretOnFirstBadAddress();
        }
        FileCheck.fromSamples("MULTI", "TwoBugs.java").check(r.stderrLines());
        assertEquals(List.of(), ScenarioReportTest.outsideReports(r.stderrLines()), ctx);
    }
}
