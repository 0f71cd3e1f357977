package io.jkasan.runtime.report;

import io.jkasan.Access;
import io.jkasan.KasanFrame;

/**
 * The only place that knows the text layout of a report (SPEC §3, after the kernel's {@code report.c}).
 */
public final class ReportRenderer {
    /** The 66 '=' characters that open and close every report. */
    public static final String SEPARATOR = "==================================================================";

    private ReportRenderer() {
    }

    /**
     * @param r the captured report
     * @return the splat, every line ending in a newline
     */
    public static String render(ReportData r) {
        StringBuilder out = new StringBuilder(2048);
        out.append(SEPARATOR).append('\n');
        KasanFrame top = r.frames.isEmpty() ? null : r.frames.get(0);
        out.append("BUG: KASAN: ").append(r.type.text()).append(" in ")
                .append(top == null ? "(unknown)" : top.symbol()).append('\n');
        if (r.access == Access.FREE) {
            out.append("Free of addr ");
        } else {
            out.append(r.access == Access.WRITE ? "Write" : "Read").append(" of size ").append(r.size)
                    .append(" at addr ");
        }
        Hex.address(out, r.address);
        out.append(" by task ").append(r.threadName).append('/').append(r.threadId).append("\n\n");
        out.append("Call Trace:\n");
        for (KasanFrame f : r.frames) {
            out.append(' ').append(f).append('\n');
        }
        out.append('\n');
        if (r.description != null) {
            r.description.render(out);
        }
        if (r.shadow != null) {
            out.append("Memory state around the buggy address:\n");
            r.shadow.render(out);
        }
        out.append(SEPARATOR).append('\n');
        return out.toString();
    }
}
