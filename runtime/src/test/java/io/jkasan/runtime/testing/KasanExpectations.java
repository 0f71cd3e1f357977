package io.jkasan.runtime.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.jkasan.Jkasan;
import io.jkasan.KasanReport;
import io.jkasan.runtime.state.RuntimeState;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * KUnit discipline for the runtime's tests: a test that expects a report states exactly which one
 * ({@link #expectReport}, the kernel's {@code KUNIT_EXPECT_KASAN_FAIL}), and any report nobody expected fails
 * the test after it ran. Printed reports go to a buffer instead of stderr.
 */
public final class KasanExpectations implements BeforeEachCallback, AfterEachCallback {
    private static final ByteArrayOutputStream PRINTED = new ByteArrayOutputStream();

    static {
        RuntimeState.reporter().setOutput(new PrintStream(PRINTED, true, StandardCharsets.UTF_8));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Jkasan.clearReports();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<KasanReport> stray = Jkasan.reports();
        Jkasan.clearReports();
        if (!stray.isEmpty()) {
            fail("unexpected KASAN report(s):\n" + stray.get(0).text());
        }
    }

    /**
     * Runs {@code action} and asserts it made exactly one report, of {@code bugType}.
     *
     * @param bugType the expected type, e.g. {@code vmalloc-out-of-bounds}
     * @param action the code that must fail
     * @return the report
     */
    public static KasanReport expectReport(String bugType, Runnable action) {
        Jkasan.clearReports();
        action.run();
        List<KasanReport> reports = Jkasan.reports();
        Jkasan.clearReports();
        if (reports.isEmpty()) {
            fail("KASAN failure expected, but none occurred");
        }
        assertEquals(1, reports.size(), () -> "expected one report, got " + reports.size() + ":\n" + reports);
        assertEquals(bugType, reports.get(0).bugType(), () -> reports.get(0).text());
        return reports.get(0);
    }

    /**
     * Runs {@code action} and asserts it made no report.
     *
     * @param action code that must be clean
     */
    public static void expectNoReport(Runnable action) {
        Jkasan.clearReports();
        action.run();
        List<KasanReport> reports = Jkasan.reports();
        Jkasan.clearReports();
        if (!reports.isEmpty()) {
            fail("no KASAN report expected, got:\n" + reports.get(0).text());
        }
    }
}
