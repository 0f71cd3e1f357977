package io.jkasan.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The allocator interception through the real agent jar, on JDK 17 and on the JDK running the build (25):
 * direct buffers are areas of their capacity, frees and allocations through reflection and method handles
 * reach jkasan (no {@code free(): invalid pointer}), JDK I/O runs clean, a freed area outlasts 100,000
 * small allocations, and a facade in {@code skip_frames} is passed over on the {@code BUG:} line.
 *
 * <p>Every buggy variant must print exactly the report its sample's {@code // CHECK:} lines describe, and
 * nothing else; every twin nothing at all, with the same output as without the agent. Runs once per JDK
 * of the matrix ({@link OnEachJdk}).
 */
@OnEachJdk
class AllocatorInterceptionTest {
    /** The scenarios, what their buggy variant reports, and the agent options they run with. */
    enum Case {
        DIRECT_OVERFLOW("direct-overflow", "vmalloc-out-of-bounds", "Write", 1, "DirectBufferOverflow", null),
        DIRECT_USE_AFTER_FREE("direct-use-after-free", "use-after-free", "Read", 8, "DirectBufferUseAfterFree", null),
        FREE_BY_REFLECTION("free-by-reflection", "use-after-free", "Read", 8, "FreeThroughReflection", null),
        FREE_BY_METHOD_HANDLE("free-by-method-handle", "use-after-free", "Read", 8, "FreeThroughReflection", null),
        ALLOC_BY_METHOD_HANDLE("alloc-by-method-handle", "vmalloc-out-of-bounds", "Write", 1,
                "AllocateThroughMethodHandle", null),
        JDK_IO("jdk-io", "vmalloc-out-of-bounds", "Read", 1, "JdkIoChurn", null),
        DIRECT_CHURN("direct-churn", "use-after-free", "Read", 1, "DirectBufferChurn", null),
        FACADE_SKIPPED("facade-overflow", "vmalloc-out-of-bounds", "Write", 1, "FacadeOverflow",
                // The value replaces the default list: the allocator's JDK layers are named again for created by.
                "skip_frames=io.jkasan.samples.OffHeapFacade:java.nio.*:jdk.internal.misc.Unsafe");

        final String id;
        final String bugType;
        final String access;
        final long size;
        final String sampleClass;
        final String agentOptions;

        Case(final String id, final String bugType, final String access, final long size, final String sampleClass,
                final String agentOptions) {
            this.id = id;
            this.bugType = bugType;
            this.access = access;
            this.size = size;
            this.sampleClass = sampleClass;
            this.agentOptions = agentOptions;
        }

        @Override
        public String toString() {
            return id;
        }
    }

    /**
     * The samples read a direct buffer's address and free it through {@code sun.misc.Unsafe} as Netty and
     * Agrona do; JDK 24+ warns about those methods unless they are allowed, with or without jkasan.
     */
    private static ForkedJvm forked(final String id, final String variant) {
        final ForkedJvm jvm = ForkedJvm.scenario(id, variant);
        if (Jdk.current().feature() >= 23) {
            jvm.jvmArg("--sun-misc-unsafe-memory-access=allow");
        }
        return jvm;
    }

    @ParameterizedTest(name = "{0} bug")
    @EnumSource(Case.class)
    void bug_variant_prints_exactly_the_report_its_checks_describe(final Case c) {
        final ForkedJvm jvm = forked(c.id, "bug");
        if (c.agentOptions != null) {
            jvm.agentOptions(c.agentOptions);
        }
        ScenarioChecks.assertOneReport(jvm.run(), c.bugType, c.access, c.size,
                "io.jkasan.samples." + c.sampleClass + ".run", c.sampleClass + ".java");
    }

    @ParameterizedTest(name = "{0} ok")
    @EnumSource(Case.class)
    void correct_twin_reports_nothing_and_behaves_as_without_the_agent(final Case c) {
        final ForkedJvm jvm = forked(c.id, "ok");
        if (c.agentOptions != null) {
            jvm.agentOptions(c.agentOptions);
        }
        final ForkedJvm.Result r = jvm.run();
        final String ctx = r.describe();
        assertEquals(0, r.exitCode, ctx);
        assertEquals("", r.stderr, "a twin prints nothing on stderr: no report, no jkasan line, no warning\n"
                + ctx);
        // The twins' output does not depend on the JDK: the reference runs on the build's JDK, which is how
        // ForkedJvm.withoutAgent() runs it.
        final ForkedJvm.Result plain = ForkedJvm.scenario(c.id, "ok").withoutAgent().run();
        assertEquals(0, plain.exitCode, plain.describe());
        assertEquals(plain.stdout, r.stdout, "output differs from a run without the agent\n" + ctx);
    }

    @Test
    void without_the_facade_in_skip_frames_the_report_names_the_facade() {
        final ForkedJvm.Result r = forked("facade-overflow", "bug").run();
        final List<Splat> splats = Splat.parseAll(r.stderrLines());
        assertEquals(1, splats.size(), r.describe());
        assertEquals("io.jkasan.samples.OffHeapFacade.putByte", splats.get(0).bugFrame.replaceFirst("\\+0x.*", ""),
                r.describe());
        assertEquals(splats.get(0).callTrace.get(0).replaceFirst(" .*", ""), splats.get(0).bugFrame, r.describe());
    }

    @Test
    void frees_that_no_call_site_shows_never_reach_glibc() {
        for (final String id : List.of("free-by-reflection", "free-by-method-handle", "direct-use-after-free")) {
            final ForkedJvm.Result r = forked(id, "ok").run();
            assertEquals(0, r.exitCode, r.describe());
            assertFalse(r.stderr.contains("invalid pointer"), r.describe());
        }
    }
}
