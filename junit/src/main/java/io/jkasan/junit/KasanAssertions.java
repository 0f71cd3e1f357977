package io.jkasan.junit;

import io.jkasan.Jkasan;
import io.jkasan.KasanError;
import io.jkasan.KasanReport;
import java.util.List;

/**
 * The kernel's {@code KUNIT_EXPECT_KASAN_FAIL} for Java: a block that must produce a report of a given type.
 */
public final class KasanAssertions {
    private KasanAssertions() {
    }

    /** A block of test code that may throw. */
    @FunctionalInterface
    public interface Block {
        /**
         * Runs the block.
         *
         * @throws Throwable anything the code throws
         */
        void run() throws Throwable;
    }

    /**
     * Runs {@code block} and asserts that it made exactly one report, of {@code bugType}. A
     * {@link KasanError} thrown by the access ({@code fault=throw}, or an access that would crash) is part of
     * the expected failure and is not rethrown.
     *
     * @param bugType e.g. {@code vmalloc-out-of-bounds}
     * @param block the code expected to fail
     * @return the report, for further assertions
     * @throws AssertionError if no report, several reports or a report of another type was made
     */
    public static KasanReport expectKasanReport(String bugType, Block block) {
        List<KasanReport> before = Jkasan.reports();
        try {
            block.run();
        } catch (KasanError expected) {
            // the report below is what the test is about
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        List<KasanReport> all = Jkasan.reports();
        List<KasanReport> made = all.subList(before.size(), all.size());
        if (made.isEmpty()) {
            throw new AssertionError("KASAN failure expected, but none occurred (expected " + bugType + ")");
        }
        if (made.size() != 1 || !made.get(0).bugType().equals(bugType)) {
            throw new AssertionError("expected one " + bugType + " report, got " + made.size() + ", first: "
                    + made.get(0).bugType() + "\n" + made.get(0).text());
        }
        Jkasan.clearReports();
        return made.get(0);
    }
}
