package io.jkasan.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * Bad options are refused before the program runs: exactly one stderr line naming the key, its source and
 * what is accepted, exit status 2, nothing on stdout (docs/options.md). Each case runs through the real agent
 * jar on JDK 17 (malloc memory backend) and on the build's JDK (malloc, then mmap); some start the JVM through a
 * wrapper home whose {@code bin/java} first plants a symbolic link or lowers {@code ulimit -v}.
 */
class OptionRefusalTest {
    private static final String AGENT = " (in the agent argument): ";

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void exitcode_must_fit_an_exit_status(final Jdk jdk) {
        assertRefused(jvm(jdk).agentOptions("exitcode=300"),
                "jkasan: bad value '300' for exitcode" + AGENT + "expected an integer from 0 to 255");
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void a_bad_system_property_is_refused_even_when_the_agent_argument_overrides_it(final Jdk jdk) {
        assertRefused(jvm(jdk).agentOptions("fault=throw").jvmArg("-Djkasan.fault=bogus"),
                "jkasan: bad value 'bogus' for fault (in -Djkasan.fault): expected report, throw or panic");
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void a_bad_JKASAN_OPTIONS_value_is_refused_even_when_overridden(final Jdk jdk) {
        assertRefused(jvm(jdk).agentOptions("fault=throw").env("JKASAN_OPTIONS", "fault=bogus"),
                "jkasan: bad value 'bogus' for fault (in JKASAN_OPTIONS): expected report, throw or panic");
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void a_key_repeated_in_one_source_is_refused(final Jdk jdk) {
        assertRefused(jvm(jdk).agentOptions("fault=throw,fault=report"), "jkasan: option 'fault' given twice"
                + " (in the agent argument): 'throw' and 'report'; expected each key at most once");
        assertRefused(jvm(jdk).env("JKASAN_OPTIONS", "multi_shot=true:multi_shot=false"), "jkasan: option "
                + "'multi_shot' given twice (in JKASAN_OPTIONS): 'true' and 'false'; expected each key at most once");
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void unknown_keys_are_named_with_their_source(final Jdk jdk) {
        final String known = "; known options: fault, multi_shot, exitcode, exitcode_on_report, log_path, log_format, "
                + "fold_frames, detect_leaks, stack_depth, arena, lazy_max, thread_stack_size, includes, excludes, "
                + "include_jdk, skip_frames, strict";
        assertRefused(jvm(jdk).agentOptions("bogus=1"), "jkasan: unknown option 'bogus' (in the agent argument)"
                + known);
        assertRefused(jvm(jdk).env("JKASAN_OPTIONS", "bogus=1"), "jkasan: unknown option 'bogus' (in "
                + "JKASAN_OPTIONS)" + known);
        assertRefused(jvm(jdk).jvmArg("-Djkasan.bogus=1"), "jkasan: unknown option 'bogus' (in -Djkasan.bogus)"
                + known);
        assertRefused(jvm(jdk).agentOptions("exitcode"), "jkasan: malformed option 'exitcode' (in the agent "
                + "argument): expected key=value" + known);
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void values_outside_their_type_are_refused(final Jdk jdk) {
        assertRefused(jvm(jdk).agentOptions("fault=maybe"),
                "jkasan: bad value 'maybe' for fault" + AGENT + "expected report, throw or panic");
        assertRefused(jvm(jdk).agentOptions("multi_shot=1"),
                "jkasan: bad value '1' for multi_shot" + AGENT + "expected true or false");
        assertRefused(jvm(jdk).agentOptions("stack_depth=65"),
                "jkasan: bad value '65' for stack_depth" + AGENT + "expected an integer from 0 to 64");
        assertRefused(jvm(jdk).agentOptions("arena=1.5g"), "jkasan: bad value '1.5g' for arena" + AGENT
                + "expected a size from 16m to 64t, a multiple of 64k, written as digits with an optional k, m, g or "
                + "t suffix");
        assertRefused(jvm(jdk).agentOptions("thread_stack_size=24k"), "jkasan: bad value '24k' for "
                + "thread_stack_size" + AGENT + "expected a power of two from 4k to 256m, at most arena/4");
        assertRefused(jvm(jdk).agentOptions("includes=com/acme/*"), "jkasan: bad value 'com/acme/*' for includes"
                + AGENT + "'com/acme/*' is not a class-name glob; expected one or more dotted class-name globs "
                + "(with * and ?) separated by ':'");
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void sizes_taken_from_the_arena_must_fit_the_arena_from_any_source(final Jdk jdk) {
        assertRefused(jvm(jdk).agentOptions("arena=16m").env("JKASAN_OPTIONS", "thread_stack_size=8m"),
                "jkasan: bad value '8m' for thread_stack_size (in JKASAN_OPTIONS): expected a power of two from 4k "
                + "to 256m, at most arena/4, here at most 4m for arena=16m (in the agent argument)");
        assertRefused(jvm(jdk).jvmArg("-Djkasan.arena=512m").agentOptions("lazy_max=1g"),
                "jkasan: bad value '1g' for lazy_max" + AGENT + "expected a size from 0 to the arena size, here at "
                + "most 512m for arena=512m (in -Djkasan.arena)");
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void an_empty_log_path_is_refused(final Jdk jdk) {
        assertRefused(jvm(jdk).agentOptions("log_path="), "jkasan: bad value '' for log_path" + AGENT
                + "expected a file path prefix (not empty, not ending in '/'); reports go to PATH.<pid>");
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void a_log_path_in_a_missing_directory_is_refused_at_start_up(final Jdk jdk, @TempDir final Path dir) {
        final Path prefix = dir.resolve("missing/kasan");
        assertRefused(jvm(jdk).agentOptions("log_path=" + prefix), r -> "jkasan: bad value '" + prefix
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
        final Path wrapper = wrappedJdk(dir.resolve("jdk"), home(jdk),
                "ln -s '" + victim + "' '" + prefix + ".'$$");
        final ForkedJvm.Result r = assertRefused(ForkedJvm.scenario("oob-write", "ok").on(jdk).javaHome(wrapper)
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
        final ForkedJvm.Result r = jvm(jdk).agentOptions("log_path=" + link.resolve("kasan")).run();
        assertEquals(0, r.exitCode, r.describe());
        final Path log = real.resolve("kasan." + r.pid);
        assertTrue(Files.isRegularFile(log, LinkOption.NOFOLLOW_LINKS), "created at start-up\n" + r.describe());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(log)));
    }

    /** The reported case: 1t plus 128g of shadow is more than the kernel's overcommit heuristic grants malloc. */
    @Test
    void arena_of_1t_on_jdk17_is_refused_naming_the_largest_that_fits() throws IOException {
        Assumptions.assumeTrue("0".equals(Files.readString(Paths.get("/proc/sys/vm/overcommit_memory")).trim()),
                "the kernel's overcommit heuristic (vm.overcommit_memory=0) is what refuses the arena");
        assertRefusedMatching(ForkedJvm.scenario("oob-write", "ok").on(Jdk.JDK17).agentOptions("arena=1t"),
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
                + "with " + backend(jdk) + "; expected at most (\\d+)m, the largest arena that could be reserved now");
        final long largest = Long.parseLong(m.group(1));
        assertTrue(largest >= 16 && largest < 3 * 1024 && largest % 16 == 0, m.group());
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void the_default_arena_is_halved_and_then_refused_naming_the_largest_that_fits(final Jdk jdk,
            @TempDir final Path dir) throws IOException {
        assertRefusedMatching(smallJvm(jdk, dir, 2L << 20), "jkasan: cannot reserve arena=64g \\(default\\) with "
                + backend(jdk) + ", nor its halves down to 1g \\(each plus 1/8 of shadow\\); set arena to at most "
                + "\\d+m, the largest arena that could be reserved now");
        final ForkedJvm.Result ok = smallJvm(jdk, dir.resolve("3g"), 3L << 20).run();
        assertEquals(0, ok.exitCode, "64g halved to 1g fits in 3g\n" + ok.describe());
        assertEquals("", ok.stderr, ok.describe());
    }

    /** @return a program that must never run on {@code jdk}: any refusal happens before it */
    private static ForkedJvm jvm(final Jdk jdk) {
        return ForkedJvm.scenario("oob-write", "ok").on(jdk);
    }

    /** @return the JDK's home, once it is known to be there (else the test is skipped, loudly, or fails) */
    private static Path home(final Jdk jdk) {
        jdk.require();
        return jdk.home();
    }

    /**
     * @return the last memory backend the runtime tries on {@code jdk}, which a refused arena names: {@code mmap}
     *     after {@code malloc} on JDK 22+, {@code malloc} alone before
     */
    private static String backend(final Jdk jdk) {
        return jdk.feature() >= 22 ? "mmap" : "malloc";
    }

    /** A JVM small enough to start under {@code ulimit -v}, with the limit given in KiB. */
    private static ForkedJvm smallJvm(final Jdk jdk, final Path dir, final long limitKib) throws IOException {
        return ForkedJvm.scenario("oob-write", "ok").on(jdk).javaHome(wrappedJdk(dir.resolve("jdk"), home(jdk),
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
}
