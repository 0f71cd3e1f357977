package io.jkasan.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import io.jkasan.KasanReport;
import io.jkasan.runtime.check.AccessChecker;
import io.jkasan.runtime.check.OffHeapAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** The extension fails a test that made a report and passes one whose report was expected. */
class KasanExtensionTest {
    /** Test cases run through the JUnit test kit, not directly. */
    @ExtendWith(KasanExtension.class)
    static class Cases {
        @Test
        void reads_past_the_end() {
            long p = OffHeapAllocator.allocate(16, 0);
            AccessChecker.check(p + 16, 1, false);
            OffHeapAllocator.free(p);
        }

        @Test
        void expects_the_report() {
            long p = OffHeapAllocator.allocate(16, 0);
            KasanReport r = KasanAssertions.expectKasanReport("vmalloc-out-of-bounds",
                    () -> AccessChecker.check(p + 16, 1, false));
            assertEquals(1, r.size());
            OffHeapAllocator.free(p);
        }

        @Test
        void clean() {
            long p = OffHeapAllocator.allocate(16, 0);
            AccessChecker.check(p + 15, 1, false);
            OffHeapAllocator.free(p);
        }
    }

    private static EngineExecutionResults run(String method) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectMethod(Cases.class, method)).execute();
    }

    @Test
    void a_test_that_made_a_report_fails_naming_it() {
        EngineExecutionResults results = run("reads_past_the_end");
        results.testEvents().assertStatistics(s -> s.started(1).failed(1));
        Event failed = results.testEvents().failed().list().get(0);
        Throwable t = failed.getPayload(org.junit.platform.engine.TestExecutionResult.class).get()
                .getThrowable().get();
        assertTrue(t.getMessage().contains("vmalloc-out-of-bounds in io.jkasan.junit.KasanExtensionTest$Cases"
                + ".reads_past_the_end+0x"), t.getMessage());
    }

    @Test
    void an_expected_report_passes() {
        run("expects_the_report").testEvents().assertStatistics(s -> s.started(1).succeeded(1));
    }

    @Test
    void a_clean_test_passes() {
        run("clean").testEvents().assertStatistics(s -> s.started(1).succeeded(1));
    }

    @Test
    void expecting_a_report_that_does_not_happen_fails() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> KasanAssertions.expectKasanReport("use-after-free", () -> { }));
        assertTrue(e.getMessage().contains("KASAN failure expected, but none occurred"), e.getMessage());
    }
}
