package io.jkasan.it;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One parsed KASAN report, validated against the layout of SPEC §3 while it is parsed. A line that does not
 * have the fixed shape (a missing blank line, a wrong separator, a malformed frame) throws
 * {@link AssertionError} naming the offending line; a well-formed but wrong detail (a jkasan frame in a trace,
 * inconsistent region arithmetic, a 'created by' frame that is not the allocation site) is collected in
 * {@link #problems}, so one test can show every deviation at once.
 */
final class Splat {
    /** 66 '=' characters. */
    static final String SEPARATOR = "==================================================================";

    private static final String HEX16 = "[0-9a-f]{16}";
    private static final String FRAME = "[A-Za-z_$][\\w$.]*\\.(?:[\\w$]+|<init>|<clinit>)\\+0x[0-9a-f]+/0x[0-9a-f]+";
    private static final Pattern BUG = Pattern.compile("BUG: KASAN: ([a-z-]+) in (" + FRAME + ")");
    private static final Pattern ACCESS = Pattern.compile(
            "(Read|Write) of size (\\d+) at addr (" + HEX16 + ") by task (.+)/(\\d+)");
    private static final Pattern FREE = Pattern.compile("Free of addr (" + HEX16 + ") by task (.+)/(\\d+)");
    private static final Pattern FRAME_LINE = Pattern.compile(" (" + FRAME + ") \\(([\\w$]+\\.java):(\\d+)\\)");
    private static final Pattern MAPPING = Pattern.compile(" \\[(" + HEX16 + "), (" + HEX16 + ")\\) created by:");
    private static final Pattern LOCATED = Pattern.compile(
            "The buggy address is located (\\d+) bytes (to the right of|to the left of|inside of)");
    private static final Pattern REGION = Pattern.compile(
            " (freed )?(\\d+)-byte region \\[(" + HEX16 + "), (" + HEX16 + ")\\)");
    private static final Pattern TASK = Pattern.compile("(Allocated|Freed) by task (.+)/(\\d+):");
    private static final Pattern ROW = Pattern.compile("([ >])(" + HEX16 + "):((?: [0-9a-f]{2}){16})");
    private static final Pattern CARET = Pattern.compile("( +)\\^");

    /** The report's lines, separators included. */
    final List<String> lines;
    /** e.g. {@code vmalloc-out-of-bounds}. */
    final String bugType;
    /** The frame on the {@code BUG:} line. */
    final String bugFrame;
    /** {@code Read}, {@code Write} or {@code Free}. */
    final String access;
    /** Access size, -1 for a free. */
    final long size;
    /** The access (or free) address. */
    final long address;
    /** Task name. */
    final String thread;
    /** The call trace, as printed (without the leading space). */
    final List<String> callTrace = new ArrayList<>();
    /** Whether the report has a virtual mapping section. */
    boolean hasMapping;
    /** Whether the report has a region section. */
    boolean hasRegion;
    /** Region start and size, and whether it is described as freed. */
    long regionStart;
    long regionSize;
    boolean regionFreed;
    /** {@code Allocated by} / {@code Freed by} presence. */
    boolean hasAllocated;
    boolean hasFreed;
    /** Whether the report ends with a shadow dump. */
    boolean hasShadow;
    /** The shadow row labels and bytes. */
    final long[] rowAddress = new long[5];
    final int[][] shadow = new int[5][16];
    /** Index of the {@code >} row and column of the caret. */
    int guiltyRow = -1;
    int caretColumn = -1;

    /** Deviations found in well-formed lines. */
    final List<String> problems = new ArrayList<>();

    private int i;

    private Splat(final List<String> lines) {
        this.lines = lines;
        expectLine(SEPARATOR, "opening separator");
        Matcher m = expect(BUG, "BUG: KASAN: <bug-type> in <frame>");
        bugType = m.group(1);
        bugFrame = m.group(2);
        final String l = next("access line");
        if ((m = ACCESS.matcher(l)).matches()) {
            access = m.group(1);
            size = Long.parseLong(m.group(2));
            address = Long.parseUnsignedLong(m.group(3), 16);
            thread = m.group(4);
        } else if ((m = FREE.matcher(l)).matches()) {
            access = "Free";
            size = -1;
            address = Long.parseUnsignedLong(m.group(1), 16);
            thread = m.group(2);
        } else {
            throw error("expected '<Read|Write> of size <n> at addr <16 hex> by task <name>/<id>' or "
                    + "'Free of addr <16 hex> by task <name>/<id>'");
        }
        blank();
        expectLine("Call Trace:", "call trace header");
        frames(callTrace);
        if (callTrace.isEmpty()) {
            throw error("empty call trace");
        }
        check(callTrace.get(0).startsWith(bugFrame + " "), "first Call Trace frame is not the BUG: line's frame");
        blank();
        if (peek().equals("The buggy address belongs to the virtual mapping at")) {
            i++;
            m = expect(MAPPING, " [<start>, <end>) created by:");
            final long start = Long.parseUnsignedLong(m.group(1), 16);
            final long end = Long.parseUnsignedLong(m.group(2), 16);
            check(Long.compareUnsigned(start, end) < 0, "empty mapping");
            final List<String> createdBy = new ArrayList<>();
            frames(createdBy);
            check(createdBy.size() == 1, "'created by:' must be followed by exactly one frame");
            blank();
            hasMapping = true;
            region(start, end);
            blank();
            m = expect(TASK, "Allocated by task <name>/<id>:");
            check(m.group(1).equals("Allocated"), "expected 'Allocated by task'");
            hasAllocated = true;
            final List<String> alloc = new ArrayList<>();
            frames(alloc);
            check(!alloc.isEmpty(), "empty allocation stack");
            check(createdBy.isEmpty() || alloc.isEmpty() || createdBy.get(0).equals(alloc.get(0)),
                   "'created by:' frame differs from the allocation site");
            blank();
            if (TASK.matcher(peek()).matches()) {
                m = expect(TASK, "Freed by task <name>/<id>:");
                check(m.group(1).equals("Freed"), "expected 'Freed by task'");
                hasFreed = true;
                final List<String> free = new ArrayList<>();
                frames(free);
                check(!free.isEmpty(), "empty free stack");
                blank();
            }
            check(hasFreed == regionFreed, "a 'freed' region needs a 'Freed by' section and vice versa");
        }
        if (peek().startsWith("The buggy address belongs to the array ")) {
            // SPEC §3 is silent on arrays; jkasan names the array and its element region in offsets.
            i++;
            blank();
            region(0, Long.MAX_VALUE);
            blank();
        }
        if (peek().equals("Memory state around the buggy address:")) {
            i++;
            shadowDump();
        }
        expectLine(SEPARATOR, "closing separator (or a known section)");
        if (i != lines.size()) {
            throw error("trailing lines in report");
        }
    }


    /** Parses "The buggy address is located ..." and the region line; checks them against the mapping. */
    private void region(final long start, final long end) {
        Matcher m;
        m = expect(LOCATED, "The buggy address is located <k> bytes <relation>");
        final long k = Long.parseLong(m.group(1));
        final String relation = m.group(2);
        m = expect(REGION, " <m>-byte region [<a>, <b>)");
        regionFreed = m.group(1) != null;
        regionSize = Long.parseLong(m.group(2));
        regionStart = Long.parseUnsignedLong(m.group(3), 16);
        final long regionEnd = Long.parseUnsignedLong(m.group(4), 16);
        hasRegion = true;
        check(regionEnd - regionStart == regionSize, "region bounds disagree with its size");
        check(start <= regionStart && regionEnd <= end, "region lies outside its virtual mapping");
        switch (relation) {
            case "to the right of":
                check(address >= regionEnd && address - regionEnd == k, "'to the right of' distance is wrong");
                break;
            case "to the left of":
                check(address < regionStart && regionStart - address == k, "'to the left of' distance is wrong");
                break;
            default:
                check(address >= regionStart && address < regionEnd && address - regionStart == k,
                    "'inside of' offset is wrong");
        }
    }

    /**
     * Splits stderr into reports: every block from a separator line to the next one.
     *
     * @param stderrLines the forked JVM's stderr
     * @return the validated reports, in order
     */
    static List<Splat> parseAll(final List<String> stderrLines) {
        final List<Splat> out = new ArrayList<>();
        for (int s = 0; s < stderrLines.size(); s++) {
            if (!stderrLines.get(s).equals(SEPARATOR)) {
                continue;
            }
            int e = s + 1;
            while (e < stderrLines.size() && !stderrLines.get(e).equals(SEPARATOR)) {
                e++;
            }
            if (e == stderrLines.size()) {
                throw new AssertionError("report starting at stderr line " + (s + 1) + " has no closing separator");
            }
            try {
                out.add(new Splat(new ArrayList<>(stderrLines.subList(s, e + 1))));
            } catch (final AssertionError ex) {
                throw new AssertionError("report starting at stderr line " + (s + 1) + ": " + ex.getMessage(), ex);
            }
            s = e;
        }
        return out;
    }

    /**
     * The first bad address: the access address, except for an access that starts inside the region and
     * runs past its end, where it is the region end (KASAN's {@code find_first_bad_addr}).
     *
     * @return the address the caret must point at
     */
    long firstBadAddress() {
        if (hasRegion && !regionFreed && address >= regionStart && address < regionStart + regionSize
                && size > 0) {
            return regionStart + regionSize;
        }
        return address;
    }

    /**
     * Checks that the {@code >} row and the caret sit on the shadow byte of {@link #firstBadAddress()} and that
     * that shadow byte marks the address bad.
     */
    void assertCaretOnFirstBadAddress() {
        final int before = problems.size();
        checkCaret();
        if (problems.size() > before) {
            throw new AssertionError(String.join("; ", problems.subList(before, problems.size())) + "\n"
                    + String.join("\n", lines));
        }
    }

    private void checkCaret() {
        if (!hasShadow) {
            check(false, "no 'Memory state around the buggy address:' section");
            return;
        }
        final long bad = firstBadAddress();
        check(rowAddress[guiltyRow] == (bad & -128L), "'>' row " + Long.toHexString(rowAddress[guiltyRow])
                + " does not contain the first bad address " + Long.toHexString(bad));
        final int index = (int) ((bad - rowAddress[guiltyRow]) >>> 3);
        check(caretColumn == 19 + 3 * index, "caret at column " + caretColumn + ", expected " + (19 + 3 * index)
                + " (under shadow byte " + index + " of the '>' row, for " + Long.toHexString(bad) + ")");
        final int v = shadow[guiltyRow][index];
        // An invalid free points at accessible memory: only the position is fixed there.
        check("invalid-free".equals(bugType) || v != 0 && (v >= 0x80 || (bad & 7) >= v), String.format(
                "shadow byte %02x under the caret does not make %x inaccessible", v, bad));
    }

    private void shadowDump() {
        for (int r = 0; r < 5; r++) {
            final Matcher m = expect(ROW, "shadow row '[ >]<16 hex>: xx xx ... (16 bytes)'");
            rowAddress[r] = Long.parseUnsignedLong(m.group(2), 16);
            check((rowAddress[r] & 127) == 0, "shadow row address is not 128-byte aligned");
            check(r == 0 || rowAddress[r] == rowAddress[r - 1] + 128, "shadow rows are not consecutive");
            final String[] bytes = m.group(3).trim().split(" ");
            for (int b = 0; b < 16; b++) {
                shadow[r][b] = Integer.parseInt(bytes[b], 16);
            }
            if (m.group(1).equals(">")) {
                check(guiltyRow < 0, "more than one '>' row");
                guiltyRow = r;
                final Matcher c = expect(CARET, "caret line '   ...   ^' after the '>' row");
                caretColumn = c.group(1).length();
            }
        }
        if (guiltyRow != 2) {
            throw error("the '>' row must be the middle one of 5 rows");
        }
        hasShadow = true;
    }

    private void frames(final List<String> into) {
        while (i < lines.size() && lines.get(i).startsWith(" ") && !lines.get(i).startsWith(" [")) {
            final Matcher m = FRAME_LINE.matcher(lines.get(i));
            if (!m.matches()) {
                throw error("expected ' <Class>.<method>+0x<bci>/0x<len> (<File>.java:<line>)'");
            }
            final String frame = m.group(1);
            check(!frame.startsWith("io.jkasan.") || frame.startsWith("io.jkasan.samples."),
                    "jkasan frame in a trace");
            into.add(lines.get(i).substring(1));
            i++;
        }
    }

    private String peek() {
        return i < lines.size() ? lines.get(i) : "";
    }

    private String next(final String what) {
        if (i >= lines.size()) {
            throw new AssertionError("report ends before the " + what + "\n" + String.join("\n", lines));
        }
        return lines.get(i++);
    }

    private void blank() {
        expectLine("", "blank line");
    }

    private void expectLine(final String expected, final String what) {
        if (!next(what).equals(expected)) {
            i--;
            throw error("expected " + what + " '" + expected + "'");
        }
    }

    private Matcher expect(final Pattern p, final String what) {
        final Matcher m = p.matcher(next(what));
        if (!m.matches()) {
            i--;
            throw error("expected " + what);
        }
        return m;
    }

    private void check(final boolean ok, final String message) {
        if (!ok) {
            problems.add(message);
        }
    }

    private AssertionError error(final String message) {
        final StringBuilder sb = new StringBuilder(message).append(", at report line ").append(i + 1).append(":\n");
        for (int k = 0; k < lines.size(); k++) {
            sb.append(k == i ? ">>> " : "    ").append(lines.get(k)).append('\n');
        }
        return new AssertionError(sb.toString());
    }
}
