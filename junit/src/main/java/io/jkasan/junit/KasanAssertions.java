package io.jkasan.junit;

import io.jkasan.Jkasan;
import io.jkasan.KasanError;
import io.jkasan.KasanReport;
import java.util.List;
import java.util.Optional;

/**
 * The kernel's {@code KUNIT_EXPECT_KASAN_FAIL} for Java: a block that must make a report of a given type
 * (docs/usage.md, "In test suites").
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
     * Asserts that no report is pending in the running test, runs {@code block}, and claims the first report
     * it made, which must be of {@code bugType}. A claimed report fails nothing; any other report the block or
     * the test made stays pending and fails the test ({@link KasanExtension}). A {@link KasanError} thrown by
     * the access ({@code fault=throw}, or an access that would crash) is part of the expected failure and is
     * not rethrown.
     *
     * @param bugType e.g. {@code vmalloc-out-of-bounds}
     * @param block the code expected to fail
     * @return the claimed report, for further assertions
     * @throws AssertionError if a report was pending before the block (it is named and shown in full), if the
     *     block made none, or if its first report is of another type
     */
    public static KasanReport expectKasanReport(String bugType, Block block) {
        AgentAttachment.ensureRunning(Optional.ofNullable(System.getProperty(AgentAttachment.ATTACH_PARAMETER)));
        ReportLedger ledger = ReportLedger.installed();
        ReportScope scope = ledger.currentScope();
        List<KasanReport> stray = ledger.takeAll(scope);
        if (!stray.isEmpty()) {
            throw ReportFailure.of("KASAN: " + ReportFailure.count(stray.size()) + " pending before "
                    + "expectKasanReport(\"" + bugType + "\")", stray);
        }
        try {
            block.run();
        } catch (KasanError expected) {
            // the report below is what the test is about
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        KasanReport made = ledger.takeOldest(scope);
        if (made == null) {
            throw new AssertionError("KASAN failure expected (" + bugType + "), but none occurred");
        }
        if (!made.bugType().equals(bugType)) {
            throw ReportFailure.of("KASAN: expected a " + bugType + " report, but the block made", List.of(made));
        }
        // An expected report still counts, but no longer turns the JVM's exit status into exitcode.
        Jkasan.markExpected(made);
        return made;
    }
}
