package io.jkasan.runtime.report.json;

import io.jkasan.Access;
import io.jkasan.KasanFrame;
import io.jkasan.runtime.report.model.AddressDescription;
import io.jkasan.runtime.report.model.AreaDescription;
import io.jkasan.runtime.report.model.ExitSummary;
import io.jkasan.runtime.report.model.LeakGroup;
import io.jkasan.runtime.report.model.LeakReport;
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
 * Renders a {@link ReportData} as one line of JSON: the {@code log_format=json} report, whose schema
 * docs/report-format.md ("JSON reports") specifies. It says what the text report says, field by field;
 * addresses are strings of 16 hex digits, as the text prints them, because a 64-bit address does not fit
 * the doubles many JSON readers turn numbers into.
 */
public final class JsonRenderer {
    private JsonRenderer() {
    }

    /**
     * @param r the captured report
     * @return one JSON object and a newline
     */
    public static String render(ReportData r) {
        StringBuilder out = new StringBuilder(2048);
        JsonWriter w = new JsonWriter(out);
        w.beginObject();
        w.name("kind").value("report");
        w.name("type").value(r.type().text());
        w.name("access").value(access(r.access()));
        w.name("address").value(Hex.address(r.address()));
        w.name("size").value(r.size());
        w.name("first_bad_address").value(Hex.address(r.firstBad()));
        w.name("thread");
        task(w, r.task());
        w.name("bug_frame");
        frame(w, r.bugFrame());
        trace(w, r.trace());
        w.name("description");
        r.description().accept(new Description(w));
        w.name("shadow");
        shadow(w, r.shadow());
        w.endObject();
        return out.append('\n').toString();
    }

    /**
     * @param r a leak report
     * @return one JSON object of kind {@code leaks} and a newline
     */
    public static String leaks(LeakReport r) {
        StringBuilder out = new StringBuilder(1024);
        JsonWriter w = new JsonWriter(out);
        w.beginObject();
        w.name("kind").value("leaks");
        w.name("bytes").value(r.bytes());
        w.name("allocations").value(r.objects());
        w.name("groups").beginArray();
        for (LeakGroup g : r.groups()) {
            w.beginObject();
            w.name("bytes").value(g.bytes());
            w.name("allocations").value(g.objects());
            w.name("created_by");
            frame(w, g.createdBy());
            trace(w, g.trace());
            w.endObject();
        }
        w.endArray();
        w.endObject();
        return out.append('\n').toString();
    }

    /**
     * @param s the exit summary
     * @return one JSON object of kind {@code summary} and a newline
     */
    public static String summary(ExitSummary s) {
        StringBuilder out = new StringBuilder(256);
        JsonWriter w = new JsonWriter(out);
        w.beginObject();
        w.name("kind").value("summary");
        w.name("reports").value(s.reports());
        w.name("printed").value(s.printed());
        w.name("expected").value(s.expected());
        w.name("leaks");
        if (s.leaks().isPresent()) {
            w.beginObject().name("bytes").value(s.leaks().get().bytes()).name("allocations")
                    .value(s.leaks().get().objects()).endObject();
        } else {
            w.nullValue();
        }
        w.name("program_exit_status");
        if (s.programStatus().isPresent()) {
            w.value(s.programStatus().getAsInt());
        } else {
            w.nullValue();
        }
        w.name("exit_status");
        if (s.exitStatus().isPresent()) {
            w.value(s.exitStatus().getAsInt());
        } else if (s.programStatus().isPresent()) {
            w.value(s.programStatus().getAsInt());
        } else {
            w.nullValue();
        }
        w.name("exit_status_replaced").value(s.exitStatus().isPresent());
        w.endObject();
        return out.append('\n').toString();
    }

    private static String access(Access a) {
        return a == Access.READ ? "read" : a == Access.WRITE ? "write" : "free";
    }

    /**
     * Writes {@code {"name": ..., "id": ...}}.
     *
     * @param w the writer
     * @param t the thread
     */
    static void task(JsonWriter w, Task t) {
        w.beginObject().name("name").value(t.name()).name("id").value(t.id()).endObject();
    }

    /**
     * Writes a frame object, or {@code null}.
     *
     * @param w the writer
     * @param f the frame, if any
     */
    static void frame(JsonWriter w, Optional<KasanFrame> f) {
        if (f.isPresent()) {
            frame(w, f.get());
        } else {
            w.nullValue();
        }
    }

    /**
     * Writes {@code {"class", "method", "bytecode_index", "code_length", "file", "line"}}; unknown parts are
     * {@code null}.
     *
     * @param w the writer
     * @param f the frame
     */
    static void frame(JsonWriter w, KasanFrame f) {
        w.beginObject();
        w.name("class").value(f.className());
        w.name("method").value(f.methodName());
        w.name("bytecode_index");
        orNull(w, f.bytecodeIndex());
        w.name("code_length");
        orNull(w, f.codeLength());
        w.name("file").value(f.fileName());
        w.name("line");
        orNull(w, f.lineNumber());
        w.endObject();
    }

    private static void orNull(JsonWriter w, int v) {
        if (v < 0) {
            w.nullValue();
        } else {
            w.value(v);
        }
    }

    /**
     * Writes the members {@code "frames"} (the frames shown one per line in the text) and
     * {@code "folded_frames"} ({@code null}, or the count and groups of the folded ones).
     *
     * @param w the writer, inside an object
     * @param t the stack
     */
    static void trace(JsonWriter w, Trace t) {
        w.name("frames").beginArray();
        for (KasanFrame f : t.shownFrames()) {
            frame(w, f);
        }
        w.endArray();
        w.name("folded_frames");
        if (t.foldedCount() == 0) {
            w.nullValue();
            return;
        }
        w.beginObject().name("count").value(t.foldedCount()).name("groups").beginArray();
        for (String g : t.foldedGroups()) {
            w.value(g);
        }
        w.endArray().endObject();
    }

    private static void track(JsonWriter w, Track t) {
        w.beginObject();
        w.name("thread");
        task(w, t.task());
        trace(w, t.trace());
        w.endObject();
    }

    private static void shadow(JsonWriter w, Optional<ShadowDump> shadow) {
        if (shadow.isEmpty()) {
            w.nullValue();
            return;
        }
        ShadowDump d = shadow.get();
        w.beginObject().name("rows").beginArray();
        StringBuilder bytes = new StringBuilder(ShadowDump.PER_ROW * 3);
        for (int r = 0; r < ShadowDump.ROWS; r++) {
            bytes.setLength(0);
            for (int i = 0; i < ShadowDump.PER_ROW; i++) {
                int v = d.value(r, i);
                if (i > 0) {
                    bytes.append(' ');
                }
                bytes.append(Character.forDigit(v >>> 4, 16)).append(Character.forDigit(v & 15, 16));
            }
            w.beginObject().name("address").value(Hex.address(d.rowAddress(r))).name("bytes")
                    .value(bytes.toString()).endObject();
        }
        w.endArray();
        w.name("guilty_row").value(d.guiltyRow());
        w.name("guilty_index").value(d.guiltyIndex());
        w.endObject();
    }

    /** The {@code "description"} object, one method per kind of address. */
    private static final class Description implements AddressDescription.Visitor<Void> {
        private final JsonWriter w;

        Description(JsonWriter w) {
            this.w = w;
        }

        @Override
        public Void area(AreaDescription d) {
            w.beginObject().name("kind").value("vmalloc_area");
            w.name("mapping").beginObject().name("start").value(Hex.address(d.mappingStart()))
                    .name("end").value(Hex.address(d.mappingEnd())).name("created_by");
            frame(w, d.createdBy());
            w.endObject();
            region(d.position(), d.freed().isPresent());
            w.name("allocated");
            track(w, d.allocated());
            w.name("freed");
            if (d.freed().isPresent()) {
                track(w, d.freed().get());
            } else {
                w.nullValue();
            }
            w.endObject();
            return null;
        }

        @Override
        public Void array(ArrayDescription d) {
            w.beginObject().name("kind").value("array").name("array").value(d.arrayType());
            region(d.position(), false);
            w.endObject();
            return null;
        }

        @Override
        public Void stackFrame(StackFrameDescription d) {
            w.beginObject().name("kind").value("stack_frame");
            owner(d.owner());
            w.name("offset").value(d.offset());
            w.name("frame").beginObject().name("depth").value(d.depth()).name("popped").value(d.popped())
                    .name("pushed_at");
            frame(w, d.pushedAt());
            w.name("objects").beginArray();
            for (StackObject o : d.objects()) {
                w.beginObject().name("from").value(o.from()).name("to").value(o.to()).endObject();
            }
            w.endArray().endObject().endObject();
            return null;
        }

        @Override
        public Void stackArea(StackAreaDescription d) {
            w.beginObject().name("kind").value("stack");
            owner(d.owner());
            w.name("offset").value(d.offset());
            w.name("stack").beginObject().name("start").value(Hex.address(d.stackStart()))
                    .name("end").value(Hex.address(d.stackStart() + d.stackSize())).endObject();
            w.endObject();
            return null;
        }

        @Override
        public Void guardPage(GuardPageDescription d) {
            w.beginObject().name("kind").value("stack_guard_page");
            w.name("stack").beginObject().name("low").value(Hex.address(d.low()))
                    .name("high").value(Hex.address(d.high())).endObject();
            w.endObject();
            return null;
        }

        @Override
        public Void unowned(UnownedAddress d) {
            w.beginObject().name("kind").value(d.where().key()).endObject();
            return null;
        }

        private void owner(Optional<Task> owner) {
            w.name("owner");
            if (owner.isPresent()) {
                task(w, owner.get());
            } else {
                w.nullValue();
            }
        }

        private void region(RegionPosition p, boolean freed) {
            w.name("region").beginObject().name("start").value(Hex.address(p.start()))
                    .name("end").value(Hex.address(p.end())).name("size").value(p.size()).name("freed")
                    .value(freed).endObject();
            w.name("relation").value(p.relation().key());
            w.name("distance").value(p.distance());
        }
    }
}
