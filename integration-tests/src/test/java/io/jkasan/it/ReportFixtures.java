package io.jkasan.it;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Building blocks of the hand-written reports on which the harness tests ({@link HarnessTest},
 * {@link StackSplatHarnessTest}) check the parsers, so both write their reports the same way.
 */
final class ReportFixtures {
    /** The 16 bytes of a shadow row that is vmalloc redzone throughout. */
    static final String F8 = " f8 f8 f8 f8 f8 f8 f8 f8 f8 f8 f8 f8 f8 f8 f8 f8";

    private ReportFixtures() {
    }

    /**
     * @param body the report's lines between its separators
     * @return the report as printed, separators included
     */
    static String report(final String... body) {
        final List<String> all = new ArrayList<>();
        all.add(Splat.SEPARATOR);
        all.addAll(Arrays.asList(body));
        all.add(Splat.SEPARATOR);
        return String.join("\n", all);
    }

    /**
     * @param report a report as printed
     * @return its lines, in a list a test may edit to break the report
     */
    static List<String> lines(final String report) {
        return new ArrayList<>(List.of(report.split("\n")));
    }
}
