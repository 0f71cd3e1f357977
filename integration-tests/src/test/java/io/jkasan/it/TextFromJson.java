package io.jkasan.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Rebuilds a text splat (docs/report-format.md) from a JSON report alone, so that a test can show the JSON
 * carries everything the text says.
 */
final class TextFromJson {
    private TextFromJson() {
    }

    static List<String> splat(final JsonNode r) {
        final List<String> out = new ArrayList<>();
        out.add(Splat.SEPARATOR);
        final JsonNode d = r.get("description");
        final String kind = d.get("kind").textValue();
        if (kind.equals("stack_guard_page")) {
            out.add("BUG: stack guard page was hit at " + r.get("address").textValue() + " (stack is "
                    + d.get("stack").get("low").textValue() + ".." + d.get("stack").get("high").textValue() + ")");
            out.add("");
            out.add("Call Trace:");
            frames(out, r);
            out.add("");
            out.add(Splat.SEPARATOR);
            return out;
        }
        out.add("BUG: KASAN: " + r.get("type").textValue() + " in " + symbol(r.get("bug_frame")));
        final String access = r.get("access").textValue();
        final String task = " by task " + task(r.get("thread"));
        out.add(access.equals("free") ? "Free of addr " + r.get("address").textValue() + task
                : (access.equals("write") ? "Write" : "Read") + " of size " + r.get("size").longValue() + " at addr "
                        + r.get("address").textValue() + task);
        out.add("");
        out.add("Call Trace:");
        frames(out, r);
        out.add("");
        switch (kind) {
            case "vmalloc_area":
                out.add("The buggy address belongs to the virtual mapping at");
                out.add(" [" + d.get("mapping").get("start").textValue() + ", " + d.get("mapping").get("end").textValue()
                        + ") created by:");
                out.add(" " + frame(d.get("mapping").get("created_by")));
                out.add("");
                region(out, d);
                track(out, "Allocated", d.get("allocated"));
                if (!d.get("freed").isNull()) {
                    track(out, "Freed", d.get("freed"));
                }
                break;
            case "array":
                out.add("The buggy address belongs to the array " + d.get("array").textValue());
                out.add("");
                region(out, d);
                break;
            case "stack_frame": {
                final JsonNode f = d.get("frame");
                out.add("The buggy address belongs to stack of task " + owner(d));
                out.add(" and is located at offset " + d.get("offset").longValue() + " in "
                        + (f.get("popped").booleanValue() ? "popped " : "") + "frame #" + f.get("depth").intValue() + ":");
                out.add(" " + frame(f.get("pushed_at")));
                out.add("");
                out.add("This frame has " + f.get("objects").size() + " object(s):");
                for (final JsonNode o : f.get("objects")) {
                    out.add(" [" + o.get("from").longValue() + ", " + o.get("to").longValue() + ")");
                }
                out.add("");
                break;
            }
            case "stack":
                out.add("The buggy address belongs to stack of task " + owner(d));
                out.add(" and is located at offset " + d.get("offset").longValue() + " of the stack ["
                        + d.get("stack").get("start").textValue() + ", " + d.get("stack").get("end").textValue() + ")");
                out.add("");
                break;
            default:
                break;                                          // null_page, outside_arena, vmalloc_unallocated
        }
        final JsonNode shadow = r.get("shadow");
        if (!shadow.isNull()) {
            out.add("Memory state around the buggy address:");
            final int guilty = shadow.get("guilty_row").intValue();
            for (int i = 0; i < shadow.get("rows").size(); i++) {
                final JsonNode row = shadow.get("rows").get(i);
                out.add((i == guilty ? ">" : " ") + row.get("address").textValue() + ": " + row.get("bytes").textValue());
                if (i == guilty) {
                    out.add(" ".repeat(19 + 3 * shadow.get("guilty_index").intValue()) + "^");
                }
            }
        }
        out.add(Splat.SEPARATOR);
        return out;
    }

    private static void region(final List<String> out, final JsonNode d) {
        final String relation = d.get("relation").textValue();
        out.add("The buggy address is located " + d.get("distance").longValue() + " bytes "
                + (relation.equals("inside") ? "inside of" : "to the " + relation + " of"));
        final JsonNode g = d.get("region");
        out.add(" " + (g.get("freed").booleanValue() ? "freed " : "") + g.get("size").longValue() + "-byte region ["
                + g.get("start").textValue() + ", " + g.get("end").textValue() + ")");
        out.add("");
    }

    private static void track(final List<String> out, final String verb, final JsonNode t) {
        out.add(verb + " by task " + task(t.get("thread")) + ":");
        if (t.get("frames").size() == 0) {
            out.add(" (stack is not available)");
        } else {
            frames(out, t);
        }
        out.add("");
    }

    private static void frames(final List<String> out, final JsonNode holder) {
        for (final JsonNode f : holder.get("frames")) {
            out.add(" " + frame(f));
        }
        final JsonNode folded = holder.get("folded_frames");
        if (!folded.isNull()) {
            final List<String> groups = new ArrayList<>();
            folded.get("groups").forEach(g -> groups.add(g.textValue()));
            out.add(" ... " + folded.get("count").intValue() + " frames of " + String.join(", ", groups) + " (folded)");
        }
    }

    private static String owner(final JsonNode d) {
        return d.get("owner").isNull() ? "(exited)" : task(d.get("owner"));
    }

    private static String task(final JsonNode t) {
        return t.get("name").textValue() + "/" + t.get("id").longValue();
    }

    private static String symbol(final JsonNode f) {
        if (f.isNull()) {
            return "(unknown)";
        }
        return f.get("class").textValue() + "." + f.get("method").textValue() + "+0x"
                + Integer.toHexString(f.get("bytecode_index").isNull() ? 0 : f.get("bytecode_index").intValue())
                + "/0x" + Integer.toHexString(f.get("code_length").isNull() ? 0 : f.get("code_length").intValue());
    }

    private static String frame(final JsonNode f) {
        if (f.isNull()) {
            return "(unknown)";
        }
        final String file = f.get("file").isNull() ? null : f.get("file").textValue();
        final String where = file == null ? "Unknown Source" : f.get("line").isNull() ? file : file + ":"
                + f.get("line").intValue();
        return symbol(f) + " (" + where + ")";
    }
}
