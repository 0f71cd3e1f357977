package io.jkasan.runtime.report.text;

import io.jkasan.runtime.report.model.ExitSummary;
import io.jkasan.runtime.report.model.LeakGroup;
import io.jkasan.runtime.report.model.LeakReport;

/**
 * The text of the leak report and of the exit summary line (docs/report-format.md, "Leak report" and
 * "Exit summary"), after LSan's ({@code lsan_common.cpp}: "Direct leak of N byte(s) in K object(s)
 * allocated from:", "SUMMARY: ...") and TSan's closing line.
 */
public final class LeakText {
    private LeakText() {
    }

    /**
     * @param r a non-empty leak report
     * @return the report between two separator lines, every line ending in a newline
     */
    public static String render(LeakReport r) {
        StringBuilder out = new StringBuilder(1024);
        out.append(TextRenderer.SEPARATOR).append('\n');
        out.append("jkasan: detected memory leaks\n\n");
        for (LeakGroup g : r.groups()) {
            out.append("Leak of ").append(g.bytes()).append(" byte(s) in ").append(g.objects())
                    .append(" object(s) allocated from:\n");
            if (!g.trace().isEmpty()) {
                TextRenderer.frames(out, g.trace());
            } else if (g.createdBy().isPresent()) {
                out.append(' ').append(g.createdBy().get()).append('\n');  // stack_depth=0: the call site
            } else {
                out.append(" (stack is not available)\n");
            }
            out.append('\n');
        }
        out.append("SUMMARY: jkasan: ").append(r.bytes()).append(" byte(s) leaked in ").append(r.objects())
                .append(" allocation(s).\n");
        out.append(TextRenderer.SEPARATOR).append('\n');
        return out.toString();
    }

    /**
     * @param s the summary
     * @return {@code jkasan: <N> reports, <K> printed[, <E> expected][, <B> bytes leaked in <L> allocations];
     *     exit status ...} and a newline
     */
    public static String summary(ExitSummary s) {
        StringBuilder out = new StringBuilder(160);
        out.append("jkasan: ").append(s.reports()).append(" reports, ").append(s.printed()).append(" printed");
        if (s.expected() > 0) {
            out.append(", ").append(s.expected()).append(" expected");
        }
        if (s.leaks().isPresent() && !s.leaks().get().isEmpty()) {
            out.append(", ").append(s.leaks().get().bytes()).append(" bytes leaked in ")
                    .append(s.leaks().get().objects()).append(" allocations");
        }
        out.append("; exit status ");
        if (s.exitStatus().isPresent()) {
            out.append(s.exitStatus().getAsInt()).append(" (exitcode) instead of the program's ")
                    .append(s.programStatus().isPresent() ? String.valueOf(s.programStatus().getAsInt()) : "status");
        } else if (s.programStatus().isPresent()) {
            out.append(s.programStatus().getAsInt()).append(" (the program's own)");
        } else {
            out.append("unchanged (not known to jkasan)");
        }
        return out.append('\n').toString();
    }
}
