package io.jkasan.runtime.report.text;

import io.jkasan.Access;
import io.jkasan.KasanFrame;
import io.jkasan.runtime.report.model.AddressDescription;
import io.jkasan.runtime.report.model.AreaDescription;
import io.jkasan.runtime.report.model.ArrayDescription;
import io.jkasan.runtime.report.model.GuardPageDescription;
import io.jkasan.runtime.report.model.Hex;
import io.jkasan.runtime.report.model.RegionPosition;
import io.jkasan.runtime.report.model.ReportData;
import io.jkasan.runtime.report.model.ShadowDump;
import io.jkasan.runtime.report.model.StackAreaDescription;
import io.jkasan.runtime.report.model.StackFrameDescription;
import io.jkasan.runtime.report.model.StackObject;
import io.jkasan.runtime.report.model.Task;
import io.jkasan.runtime.report.model.Trace;
import io.jkasan.runtime.report.model.Track;
import io.jkasan.runtime.report.model.UnownedAddress;
import java.util.Optional;

/**
 * The only place that knows the text layout of a report (docs/report-format.md, after the kernel's
 * {@code mm/kasan/report.c}): renders a {@link ReportData} into the splat printed on stderr.
 */
public final class TextRenderer {
    /** The 66 '=' characters that open and close every report. */
    public static final String SEPARATOR = "==================================================================";

    private TextRenderer() {
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
        if (r.description() instanceof GuardPageDescription) {
            GuardPageDescription g = (GuardPageDescription) r.description();
            out.append(guardPageLine(r.address(), g.low(), g.high())).append("\n\n");
            out.append("Call Trace:\n");
            frames(out, r.trace());
            out.append('\n').append(SEPARATOR).append('\n');
            return out.toString();
        }
        out.append("BUG: KASAN: ").append(r.type().text()).append(" in ")
                .append(r.bugFrame().isPresent() ? r.bugFrame().get().symbol() : "(unknown)").append('\n');
        if (r.access() == Access.FREE) {
            out.append("Free of addr ");
        } else {
            out.append(r.access() == Access.WRITE ? "Write" : "Read").append(" of size ").append(r.size())
                    .append(" at addr ");
        }
        Hex.address(out, r.address());
        out.append(" by task ").append(r.task()).append("\n\n");
        out.append("Call Trace:\n");
        frames(out, r.trace());
        out.append('\n');
        r.description().accept(new Description(out));
        if (r.shadow().isPresent()) {
            out.append("Memory state around the buggy address:\n");
            shadow(out, r.shadow().get());
        }
        out.append(SEPARATOR).append('\n');
        return out.toString();
    }

    /**
     * Appends a stack one frame per line, each with a leading space, and the line that stands for its
     * folded frames.
     *
     * @param out where to append
     * @param trace the stack
     */
    public static void frames(StringBuilder out, Trace trace) {
        for (KasanFrame f : trace.shownFrames()) {
            out.append(' ').append(f).append('\n');
        }
        if (trace.foldedCount() > 0) {
            out.append(foldedLine(trace)).append('\n');
        }
    }

    /**
     * @param trace a trace with folded frames
     * @return {@code " ... <n> frames of <group>, <group> (folded)"}
     */
    static String foldedLine(Trace trace) {
        return " ... " + trace.foldedCount() + " frames of " + String.join(", ", trace.foldedGroups()) + " (folded)";
    }

    /** The address description sections, one method per kind of address. */
    private static final class Description implements AddressDescription.Visitor<Void> {
        private final StringBuilder out;

        Description(StringBuilder out) {
            this.out = out;
        }

        @Override
        public Void area(AreaDescription d) {
            out.append("The buggy address belongs to the virtual mapping at\n [");
            Hex.address(out, d.mappingStart());
            out.append(", ");
            Hex.address(out, d.mappingEnd());
            out.append(") created by:\n ").append(frameOrUnknown(d.createdBy()))
                    .append("\n\n");
            region(d.position(), d.freed().isPresent());
            track("Allocated by task ", d.allocated());
            if (d.freed().isPresent()) {
                track("Freed by task ", d.freed().get());
            }
            return null;
        }

        @Override
        public Void array(ArrayDescription d) {
            out.append("The buggy address belongs to the array ").append(d.arrayType()).append("\n\n");
            region(d.position(), false);
            return null;
        }

        @Override
        public Void stackFrame(StackFrameDescription d) {
            out.append("The buggy address belongs to stack of task ").append(owner(d.owner())).append('\n');
            out.append(" and is located at offset ").append(d.offset()).append(" in ")
                    .append(d.popped() ? "popped " : "").append("frame #").append(d.depth()).append(":\n ")
                    .append(frameOrUnknown(d.pushedAt())).append("\n\n");
            out.append("This frame has ").append(d.objects().size()).append(" object(s):\n");
            for (StackObject o : d.objects()) {
                out.append(" [").append(o.from()).append(", ").append(o.to()).append(")\n");
            }
            out.append('\n');
            return null;
        }

        @Override
        public Void stackArea(StackAreaDescription d) {
            out.append("The buggy address belongs to stack of task ").append(owner(d.owner())).append('\n');
            out.append(" and is located at offset ").append(d.offset()).append(" of the stack [");
            Hex.address(out, d.stackStart());
            out.append(", ");
            Hex.address(out, d.stackStart() + d.stackSize());
            out.append(")\n\n");
            return null;
        }

        @Override
        public Void guardPage(GuardPageDescription d) {
            return null;                                       // the header says it all (render)
        }

        @Override
        public Void unowned(UnownedAddress d) {
            return null;                                       // nothing owns it: no description
        }

        private void region(RegionPosition p, boolean freed) {
            out.append("The buggy address is located ").append(p.distance()).append(" bytes ")
                    .append(p.relation().words()).append('\n')
                    .append(' ').append(freed ? "freed " : "").append(p.size()).append("-byte region [");
            Hex.address(out, p.start());
            out.append(", ");
            Hex.address(out, p.end());
            out.append(")\n\n");
        }

        private void track(String header, Track t) {
            out.append(header).append(t.task()).append(":\n");
            if (t.trace().isEmpty()) {
                out.append(" (stack is not available)\n");
            } else {
                frames(out, t.trace());
            }
            out.append('\n');
        }

        private static String frameOrUnknown(Optional<KasanFrame> frame) {
            return frame.isPresent() ? frame.get().toString() : "(unknown)";
        }

        private static String owner(Optional<Task> owner) {
            return owner.isPresent() ? owner.get().toString() : "(exited)";
        }
    }

    /**
     * Renders the shadow rows and the caret line, each ending in a newline.
     *
     * @param out where to append
     * @param dump the copied shadow
     */
    private static void shadow(StringBuilder out, ShadowDump dump) {
        for (int r = 0; r < ShadowDump.ROWS; r++) {
            out.append(r == dump.guiltyRow() ? '>' : ' ');
            Hex.address(out, dump.rowAddress(r));
            out.append(':');
            for (int i = 0; i < ShadowDump.PER_ROW; i++) {
                int v = dump.value(r, i);
                out.append(' ').append(Character.forDigit(v >>> 4, 16)).append(Character.forDigit(v & 15, 16));
            }
            out.append('\n');
            if (r == dump.guiltyRow()) {
                // pr_err("%*c\n", 20 + 3 * i, '^'): the caret sits under the first hex digit of the byte
                for (int s = 0; s < 19 + 3 * dump.guiltyIndex(); s++) {
                    out.append(' ');
                }
                out.append("^\n");
            }
        }
    }
}
