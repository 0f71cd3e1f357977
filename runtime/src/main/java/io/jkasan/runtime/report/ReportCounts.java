package io.jkasan.runtime.report;

/** How many reports were made, printed and expected by tests, taken together for the exit summary. */
public final class ReportCounts {
    private final long made;
    private final long printed;
    private final long expected;

    ReportCounts(long made, long printed, long expected) {
        this.made = made;
        this.printed = printed;
        this.expected = expected;
    }

    /** @return reports made, printed or not */
    public long made() {
        return made;
    }

    /** @return reports printed ({@code multi_shot=false} prints the first only) */
    public long printed() {
        return printed;
    }

    /** @return reports a test marked as expected */
    public long expected() {
        return expected;
    }

    /** @return reports no test expected: the ones that make a run fail */
    public long unexpected() {
        return made - expected;
    }
}
