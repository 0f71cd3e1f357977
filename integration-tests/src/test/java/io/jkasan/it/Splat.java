package io.jkasan.it;

import static io.jkasan.it.ReportLines.HEX16;

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

    private static final Pattern FREE = Pattern.compile("Free of addr (" + HEX16 + ") by task (.+)/(\\d+)");
    private static final Pattern MAPPING = Pattern.compile(" \\[(" + HEX16 + "), (" + HEX16 + ")\\) created by:");
    private static final Pattern LOCATED = Pattern.compile(
            "The buggy address is located (\\d+) bytes (to the right of|to the left of|inside of)");
    private static final Pattern REGION = Pattern.compile(
            " (freed )?(\\d+)-byte region \\[(" + HEX16 + "), (" + HEX16 + ")\\)");
    private static final Pattern TASK = Pattern.compile("(Allocated|Freed) by task (.+)/(\\d+):");

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
    /** The shadow dump; {@code null} without one. */
    ShadowDump dump;

    /** Deviations found in well-formed lines. */
    final List<String> problems;

    /** The cursor the parse reads with; it records problems found later, by the caret check, as well. */
    private final ReportLines in;

    private Splat(final List<String> lines) {
        this.lines = lines;
        // A mapping's " [start, end)" line ends the frame list before it.
        in = new ReportLines(lines, false, " [");
        problems = in.problems;
        in.expectLine(SEPARATOR, "opening separator");
        Matcher m = in.expect(ReportLines.BUG, "BUG: KASAN: <bug-type> in <frame>");
        bugType = m.group(1);
        bugFrame = m.group(2);
        final String l = in.next("access line");
        if ((m = ReportLines.ACCESS.matcher(l)).matches()) {
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
            throw in.error("expected '<Read|Write> of size <n> at addr <16 hex> by task <name>/<id>' or "
                    + "'Free of addr <16 hex> by task <name>/<id>'");
        }
        in.callTrace(callTrace, bugFrame);
        if (in.peek().equals("The buggy address belongs to the virtual mapping at")) {
            in.skip();
            m = in.expect(MAPPING, " [<start>, <end>) created by:");
            final long start = Long.parseUnsignedLong(m.group(1), 16);
            final long end = Long.parseUnsignedLong(m.group(2), 16);
            in.check(Long.compareUnsigned(start, end) < 0, "empty mapping");
            final List<String> createdBy = new ArrayList<>();
            in.frames(createdBy);
            in.check(createdBy.size() == 1, "'created by:' must be followed by exactly one frame");
            in.blank();
            hasMapping = true;
            region(start, end);
            in.blank();
            m = in.expect(TASK, "Allocated by task <name>/<id>:");
            in.check(m.group(1).equals("Allocated"), "expected 'Allocated by task'");
            hasAllocated = true;
            final List<String> alloc = new ArrayList<>();
            in.frames(alloc);
            in.check(!alloc.isEmpty(), "empty allocation stack");
            // "created by:" names the allocation site: the first allocation frame outside skip_frames.
            in.check(createdBy.isEmpty() || alloc.isEmpty() || alloc.contains(createdBy.get(0)),
                   "'created by:' frame is not in the allocation stack");
            in.blank();
            if (TASK.matcher(in.peek()).matches()) {
                m = in.expect(TASK, "Freed by task <name>/<id>:");
                in.check(m.group(1).equals("Freed"), "expected 'Freed by task'");
                hasFreed = true;
                final List<String> free = new ArrayList<>();
                in.frames(free);
                in.check(!free.isEmpty(), "empty free stack");
                in.blank();
            }
            in.check(hasFreed == regionFreed, "a 'freed' region needs a 'Freed by' section and vice versa");
        }
        if (in.peek().startsWith("The buggy address belongs to the array ")) {
            // SPEC §3 is silent on arrays; jkasan names the array and its element region in offsets.
            in.skip();
            in.blank();
            region(0, Long.MAX_VALUE);
            in.blank();
        }
        if (in.peek().equals("Memory state around the buggy address:")) {
            in.skip();
            dump = ShadowDump.parse(in);
            hasShadow = true;
        }
        in.close("closing separator (or a known section)");
    }

    /** Parses "The buggy address is located ..." and the region line; checks them against the mapping. */
    private void region(final long start, final long end) {
        Matcher m;
        m = in.expect(LOCATED, "The buggy address is located <k> bytes <relation>");
        final long k = Long.parseLong(m.group(1));
        final String relation = m.group(2);
        m = in.expect(REGION, " <m>-byte region [<a>, <b>)");
        regionFreed = m.group(1) != null;
        regionSize = Long.parseLong(m.group(2));
        regionStart = Long.parseUnsignedLong(m.group(3), 16);
        final long regionEnd = Long.parseUnsignedLong(m.group(4), 16);
        hasRegion = true;
        in.check(regionEnd - regionStart == regionSize, "region bounds disagree with its size");
        in.check(start <= regionStart && regionEnd <= end, "region lies outside its virtual mapping");
        switch (relation) {
            case "to the right of":
                in.check(address >= regionEnd && address - regionEnd == k,
                        "'to the right of' distance is wrong");
                break;
            case "to the left of":
                in.check(address < regionStart && regionStart - address == k,
                        "'to the left of' distance is wrong");
                break;
            default:
                in.check(address >= regionStart && address < regionEnd && address - regionStart == k,
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
        return ReportLines.parseAll(stderrLines, Splat::new);
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
            in.check(false, "no 'Memory state around the buggy address:' section");
            return;
        }
        final long bad = firstBadAddress();
        final long row = dump.rowAddress[dump.guiltyRow];
        in.check(row == (bad & -128L), "'>' row " + Long.toHexString(row)
                + " does not contain the first bad address " + Long.toHexString(bad));
        final int index = (int) ((bad - row) >>> 3);
        in.check(dump.caretColumn == 19 + 3 * index, "caret at column " + dump.caretColumn + ", expected "
                + (19 + 3 * index) + " (under shadow byte " + index + " of the '>' row, for " + Long.toHexString(bad)
                + ")");
        final int v = dump.shadow[dump.guiltyRow][index];
        // An invalid free points at accessible memory: only the position is fixed there.
        in.check("invalid-free".equals(bugType) || v != 0 && (v >= 0x80 || (bad & 7) >= v), String.format(
                "shadow byte %02x under the caret does not make %x inaccessible", v, bad));
    }
}
