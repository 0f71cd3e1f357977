package io.jkasan.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code MemorySegment.get}/{@code set} call sites checked end to end through the real agent jar: a read
 * past a 16-byte segment through a {@code reinterpret}ed alias, and a read through an alias after the
 * segment's arena was closed.
 *
 * <p>Runs on the JDK running the build only, not once per JDK of the matrix: the final FFM API and the
 * bridges exist from JDK 22 on, the samples are compiled for Java 22, and JDK 17 cannot load them. The build
 * JDK is 25; on an older one the class fails rather than skipping. Every buggy variant must print exactly the
 * report its sample's {@code // CHECK:} lines describe, and nothing else; every twin nothing at all, with the
 * same output as without the agent.
 */
class SegmentScenarioTest {
    /** The scenarios and what their buggy variant reports. */
    enum Case {
        REINTERPRET_OVERFLOW("segment-reinterpret-overflow", "vmalloc-out-of-bounds", "Read", 8,
                "SegmentReinterpretOverflow"),
        AFTER_CLOSE("segment-after-close", "use-after-free", "Read", 8, "SegmentAfterClose");

        final String id;
        final String bugType;
        final String access;
        final long size;
        final String sampleClass;

        Case(final String id, final String bugType, final String access, final long size, final String sampleClass) {
            this.id = id;
            this.bugType = bugType;
            this.access = access;
            this.size = size;
            this.sampleClass = sampleClass;
        }

        @Override
        public String toString() {
            return id;
        }
    }

    /**
     * The samples call the restricted {@code MemorySegment.reinterpret}, which JDK 22+ warns about unless
     * native access is enabled, with or without jkasan.
     */
    private static ForkedJvm forked(final String id, final String variant) {
        assertTrue(Jdk.current().feature() >= 22, "MemorySegment scenarios need the build JDK to be 22+, not "
                + Jdk.current().feature());
        return ForkedJvm.scenario(id, variant).jvmArg("--enable-native-access=ALL-UNNAMED");
    }

    @ParameterizedTest(name = "{0} bug")
    @EnumSource(Case.class)
    void bug_variant_prints_exactly_the_report_its_checks_describe(final Case c) {
        ScenarioChecks.assertOneReport(forked(c.id, "bug").run(), c.bugType, c.access, c.size,
                "io.jkasan.samples.segments." + c.sampleClass + ".run", "segments/" + c.sampleClass + ".java");
    }

    @ParameterizedTest(name = "{0} ok")
    @EnumSource(Case.class)
    void correct_twin_reports_nothing_and_behaves_as_without_the_agent(final Case c) {
        final ForkedJvm.Result r = forked(c.id, "ok").run();
        final String ctx = r.describe();
        assertEquals(0, r.exitCode, ctx);
        assertEquals("", r.stderr, "a twin prints nothing on stderr: no report, no jkasan line, no warning\n"
                + ctx);
        final ForkedJvm.Result plain = forked(c.id, "ok").withoutAgent().run();
        assertEquals(0, plain.exitCode, plain.describe());
        assertEquals("", plain.stderr, plain.describe());
        assertEquals(plain.stdout, r.stdout, "output differs from a run without the agent\n" + ctx);
    }
}
