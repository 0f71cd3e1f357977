package io.jkasan.it;

import static io.jkasan.it.ReportLines.HEX16;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One parsed report about a guarded thread stack, validated against SPEC §3 while it is parsed, as
 * {@link Splat} does for vmalloc reports. Two shapes:
 *
 * <pre>
 * ==================================================================        ==================================================================
 * BUG: KASAN: stack-out-of-bounds in &lt;frame&gt;                              BUG: stack guard page was hit at &lt;addr&gt; (stack is &lt;low&gt;..&lt;high&gt;)
 * Write of size 1 at addr &lt;addr&gt; by task &lt;name&gt;/&lt;id&gt;
 *                                                                            Call Trace:
 * Call Trace:                                                                 &lt;frame&gt; (&lt;File&gt;.java:&lt;line&gt;)
 *  &lt;frame&gt; (&lt;File&gt;.java:&lt;line&gt;)                                              ...
 *
 * The buggy address belongs to stack of task &lt;name&gt;/&lt;id&gt;                 ==================================================================
 *  and is located at offset &lt;k&gt; in [popped ]frame #&lt;n&gt;:
 *  &lt;frame that called push()&gt; (&lt;File&gt;.java:&lt;line&gt;)
 *
 * This frame has &lt;N&gt; object(s):
 *  [&lt;a&gt;, &lt;b&gt;)
 *
 * Memory state around the buggy address:
 *  ... 5 rows, '&gt;' on the middle one, then the caret ...
 * ==================================================================
 * </pre>
 *
 * <p>Malformed lines throw {@link AssertionError}; well-formed but inconsistent details (offsets that disagree
 * with the address, a shadow dump that does not show the frame's layout, a jkasan frame in a trace) are
 * collected in {@link #problems}.
 */
final class StackSplat {
    private static final Pattern GUARD = Pattern.compile(
            "BUG: stack guard page was hit at (" + HEX16 + ") \\(stack is (" + HEX16 + ")\\.\\.(" + HEX16 + ")\\)");
    private static final Pattern BELONGS = Pattern.compile("The buggy address belongs to stack of task (.+)/(\\d+)");
    private static final Pattern LOCATED = Pattern.compile(" and is located at offset (\\d+) in (popped )?frame #(\\d+):");
    private static final Pattern OBJECTS = Pattern.compile("This frame has (\\d+) object\\(s\\):");
    private static final Pattern OBJECT = Pattern.compile(" \\[(\\d+), (\\d+)\\)");

    /** Logical shadow values (SPEC §3, the kernel's KASAN_STACK_*). */
    static final int STACK_LEFT = 0xf1;
    static final int STACK_MID = 0xf2;
    static final int STACK_RIGHT = 0xf3;
    static final int STACK_AFTER_RETURN = 0xf5;
    static final int REDZONE = 32;

    /** The report's lines, separators included. */
    final List<String> lines;
    /** Whether this is the VMAP_STACK guard message rather than a KASAN report. */
    final boolean guard;
    /** e.g. {@code stack-out-of-bounds}; {@code null} for a guard report. */
    String bugType;
    /** The frame on the {@code BUG:} line; {@code null} for a guard report. */
    String bugFrame;
    /** {@code Read} or {@code Write}; {@code null} for a guard report. */
    String access;
    long size = -1;
    /** The access address, or the guard-page address. */
    long address;
    /** Task of the access and owner of the stack. */
    String thread;
    String stackTask;
    /** Guard report: the stack's bounds as printed. */
    long stackLow;
    long stackHigh;
    /** Offset of the address from the frame's low end, the frame's depth and whether it was popped. */
    long offset = -1;
    int frameDepth = -1;
    boolean popped;
    /** The frame line under "is located at": where push() was called (without the leading space). */
    String pushedAt;
    /** The frame's objects, as {@code {a, b}} offsets from the frame's low end. */
    final List<long[]> objects = new ArrayList<>();
    /** The call trace, as printed (without the leading space). */
    final List<String> callTrace = new ArrayList<>();
    /** The shadow dump; {@code null} without one. */
    ShadowDump dump;
    boolean hasShadow;

    /** Deviations found in well-formed lines. */
    final List<String> problems;

    /** The cursor the parse reads with; the layout check records its problems there too. */
    private final ReportLines in;

    private StackSplat(final List<String> lines) {
        this.lines = lines;
        // " [a, b)" object lines and the " and is located at" line are not frames: they end a frame list.
        in = new ReportLines(lines, true, " [", " and ");
        problems = in.problems;
        in.expectLine(Splat.SEPARATOR, "opening separator");
        Matcher m = GUARD.matcher(in.peek());
        guard = m.matches();
        if (guard) {
            in.skip();
            address = Long.parseUnsignedLong(m.group(1), 16);
            stackLow = Long.parseUnsignedLong(m.group(2), 16);
            stackHigh = Long.parseUnsignedLong(m.group(3), 16);
            in.blank();
            in.expectLine("Call Trace:", "call trace header");
            in.frames(callTrace);
            in.check(!callTrace.isEmpty(), "empty call trace");
            in.blank();
            in.close("closing separator");
            return;
        }
        m = in.expect(ReportLines.BUG, "BUG: KASAN: <bug-type> in <frame>' or 'BUG: stack guard page was hit at ...");
        bugType = m.group(1);
        bugFrame = m.group(2);
        m = in.expect(ReportLines.ACCESS, "'<Read|Write> of size <n> at addr <16 hex> by task <name>/<id>'");
        access = m.group(1);
        size = Long.parseLong(m.group(2));
        address = Long.parseUnsignedLong(m.group(3), 16);
        thread = m.group(4) + "/" + m.group(5);
        in.callTrace(callTrace, bugFrame);
        m = in.expect(BELONGS, "The buggy address belongs to stack of task <name>/<id>");
        stackTask = m.group(1) + "/" + m.group(2);
        m = in.expect(LOCATED, " and is located at offset <k> in [popped ]frame #<n>:");
        offset = Long.parseLong(m.group(1));
        popped = m.group(2) != null;
        frameDepth = Integer.parseInt(m.group(3));
        final List<String> site = new ArrayList<>();
        in.frames(site);
        in.check(site.size() == 1, "'frame #<n>:' must be followed by exactly one frame, where push() was called");
        pushedAt = site.isEmpty() ? null : site.get(0);
        in.blank();
        m = in.expect(OBJECTS, "This frame has <N> object(s):");
        final int n = Integer.parseInt(m.group(1));
        for (int k = 0; k < n; k++) {
            m = in.expect(OBJECT, " [<a>, <b>)");
            objects.add(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
        }
        in.blank();
        in.expectLine("Memory state around the buggy address:", "shadow dump header");
        dump = ShadowDump.parse(in);
        hasShadow = true;
        in.close("closing separator");
        checkLayout();
    }

    /**
     * Splits stderr into reports: every block from a separator line to the next one.
     *
     * @param stderrLines the forked JVM's stderr
     * @return the validated reports, in order
     */
    static List<StackSplat> parseAll(final List<String> stderrLines) {
        return ReportLines.parseAll(stderrLines, StackSplat::new);
    }

    /** @return the frame's lowest address: the access address minus its printed offset */
    long frameLow() {
        return address - offset;
    }

    /** @return the frame's top (exclusive): above the highest object and the f3 redzone */
    long frameHigh() {
        long top = REDZONE;
        for (final long[] o : objects) {
            top = Math.max(top, ((o[1] + 7) & ~7L) + REDZONE);
        }
        return frameLow() + top;
    }

    /**
     * The shadow byte the dump must show for a granule of the frame: {@code f5} everywhere in a popped frame;
     * otherwise the object's bytes (00, or 1..7 for a partial last granule) and {@code f1} below the lowest
     * object, {@code f3} above the highest, {@code f2} between.
     */
    private int expectedShadow(final long granule) {
        if (popped) {
            return STACK_AFTER_RETURN;
        }
        final long off = granule - frameLow();
        long lowestObject = Long.MAX_VALUE;
        long highestEnd = -1;
        for (final long[] o : objects) {
            if (off >= o[0] && off < o[1]) {
                return o[1] - off >= 8 ? 0 : (int) (o[1] - off);
            }
            lowestObject = Math.min(lowestObject, o[0]);
            highestEnd = Math.max(highestEnd, (o[1] + 7) & ~7L);
        }
        if (objects.isEmpty() || off < lowestObject) {
            return STACK_LEFT;
        }
        return off >= highestEnd ? STACK_RIGHT : STACK_MID;
    }

    /** Checks the offsets, the caret and the frame's layout in the shadow dump against each other. */
    private void checkLayout() {
        for (final long[] o : objects) {
            in.check(o[0] >= REDZONE && o[0] < o[1] || o[0] == o[1], "object [" + o[0] + ", " + o[1]
                    + ") overlaps the frame's f1 redzone or is reversed");
            in.check((o[0] & 7) == 0, "object [" + o[0] + ", " + o[1] + ") is not 8-byte aligned");
        }
        final boolean insideObject = objects.stream().anyMatch(o -> offset >= o[0] && offset < o[1]);
        if (popped) {
            in.check("stack-use-after-return".equals(bugType), "an access into a popped frame must be "
                    + "stack-use-after-return, not " + bugType);
        } else {
            in.check("stack-out-of-bounds".equals(bugType), "an access into a live frame's redzone must be "
                    + "stack-out-of-bounds, not " + bugType);
            in.check(!insideObject, "offset " + offset + " lies inside one of the frame's objects");
        }
        in.check(offset < frameHigh() - frameLow(), "offset " + offset + " lies above the frame");
        if (!hasShadow) {
            return;
        }
        // The caret is on the shadow byte of the access address (the first bad byte of these accesses).
        final long bad = address;
        final long row = dump.rowAddress[dump.guiltyRow];
        in.check(row == (bad & -128L), "'>' row " + Long.toHexString(row)
                + " does not contain the buggy address " + Long.toHexString(bad));
        final int index = (int) ((bad - row) >>> 3);
        in.check(dump.caretColumn == 19 + 3 * index, "caret at column " + dump.caretColumn + ", expected "
                + (19 + 3 * index));
        final int v = dump.shadow[dump.guiltyRow][index];
        in.check(v != 0 && (v >= 0x80 || (bad & 7) >= v),
                String.format("shadow byte %02x under the caret does not make %x inaccessible", v, bad));
        // Every granule of the frame that the dump shows has the value the frame's layout implies.
        for (int r = 0; r < 5; r++) {
            for (int b = 0; b < 16; b++) {
                final long granule = dump.rowAddress[r] + 8L * b;
                if (granule >= frameLow() && granule < frameHigh()) {
                    final int want = expectedShadow(granule);
                    in.check(dump.shadow[r][b] == want, String.format("shadow of %x (frame offset %d) is %02x, the "
                            + "frame's layout says %02x", granule, granule - frameLow(), dump.shadow[r][b], want));
                }
            }
        }
    }
}
