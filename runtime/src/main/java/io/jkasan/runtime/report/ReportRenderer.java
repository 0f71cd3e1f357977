package io.jkasan.runtime.report;

import io.jkasan.Access;
import io.jkasan.KasanFrame;

/**
 * The only place that knows the text layout of a report (docs/report-format.md, after the kernel's {@code report.c}).
 */
public final class ReportRenderer {
    /** The 66 '=' characters that open and close every report. */
    public static final String SEPARATOR = "==================================================================";

    private ReportRenderer() {
    }

    /**
     * The VMAP_STACK message ({@code handle_stack_overflow}, {@code arch/x86/kernel/traps.c}).
     *
     * @param address the faulting address
     * @param low lowest stack address
     * @param high highest stack address
     * @return {@code BUG: stack guard page was hit at <address> (stack is <low>..<high>)}
     */
    public static String guardPageLine(long address, long low, long high) {
        return "BUG: stack guard page was hit at " + Hex.address(address) + " (stack is " + Hex.address(low) + ".."
                + Hex.address(high) + ")";
    }

    /**
     * @param r the captured report
     * @return the splat, every line ending in a newline
     */
    public static String render(ReportData r) {
        StringBuilder out = new StringBuilder(2048);
        out.append(SEPARATOR).append('\n');
        KasanFrame top = r.frames.isEmpty() ? null : r.frames.get(r.titleIndex);
        if (r.guardedStack != null) {
            out.append(guardPageLine(r.address, r.guardedStack[0], r.guardedStack[1])).append("\n\n");
            out.append("Call Trace:\n");
            for (KasanFrame f : r.frames) {
                out.append(' ').append(f).append('\n');
            }
            out.append('\n').append(SEPARATOR).append('\n');
            return out.toString();
        }
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
