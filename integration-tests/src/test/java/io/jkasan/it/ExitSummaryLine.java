package io.jkasan.it;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The line jkasan prints at exit whenever reports were made (docs/report-format.md, "Exit summary"), as the
 * integration tests expect it.
 */
final class ExitSummaryLine {
    /** Any summary line; group 1 is the number of reports, group 2 the number printed. */
    static final Pattern ANY = Pattern.compile("jkasan: (\\d+) reports, (\\d+) printed(?:[,;].*)?");

    private ExitSummaryLine() {
    }

    /**
     * @param line a stderr line
     * @return whether it is the exit summary
     */
    static boolean isSummary(final String line) {
        return ANY.matcher(line).matches();
    }

    /**
     * The summary of a run with the default options whose program returned from {@code main}.
     *
     * @param reports reports made
     * @param printed reports printed
     * @return the exact line
     */
    static String replacingZero(final long reports, final long printed) {
        return "jkasan: " + reports + " reports, " + printed + " printed; exit status 1 (exitcode) instead of the "
                + "program's 0";
    }

    /**
     * @param stderrLines a run's stderr
     * @return the summary lines in it
     */
    static List<String> in(final List<String> stderrLines) {
        return stderrLines.stream().filter(ExitSummaryLine::isSummary).collect(java.util.stream.Collectors.toList());
    }

    /**
     * @param line a summary line
     * @return the number of reports it states
     */
    static long reports(final String line) {
        final Matcher m = ANY.matcher(line);
        if (!m.matches()) {
            throw new AssertionError("not an exit summary: " + line);
        }
        return Long.parseLong(m.group(1));
    }
}
