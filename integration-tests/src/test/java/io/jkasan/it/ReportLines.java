package io.jkasan.it;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cursor over the lines of one SPEC §3 report, shared by the parsers of the report kinds ({@link Splat},
 * {@link StackSplat}): it reads the fixed-shape lines, throwing an {@link AssertionError} that points at a
 * malformed one, and collects well-formed but wrong details as problems. The patterns every report kind uses
 * live here as well, so the parsers cannot drift apart on what a frame, an access or a shadow row looks like.
 */
final class ReportLines {
    /** A 64-bit address as reports print it. */
    static final String HEX16 = "[0-9a-f]{16}";
    /** {@code <Class>.<method>+0x<bci>/0x<len>}. */
    static final String FRAME = "[A-Za-z_$][\\w$.]*\\.(?:[\\w$]+|<init>|<clinit>)\\+0x[0-9a-f]+/0x[0-9a-f]+";
    static final Pattern BUG = Pattern.compile("BUG: KASAN: ([a-z-]+) in (" + FRAME + ")");
    static final Pattern ACCESS = Pattern.compile(
            "(Read|Write) of size (\\d+) at addr (" + HEX16 + ") by task (.+)/(\\d+)");
    static final Pattern FRAME_LINE = Pattern.compile(" (" + FRAME + ") \\(([\\w$]+\\.java):(\\d+)\\)");
    static final Pattern ROW = Pattern.compile("([ >])(" + HEX16 + "):((?: [0-9a-f]{2}){16})");
    static final Pattern CARET = Pattern.compile("( +)\\^");

    /** The report's lines, separators included. */
    final List<String> lines;
    /** Deviations found in well-formed lines. */
    final List<String> problems = new ArrayList<>();
    /** Index of the next line to read. */
    int i;

    /** Prefixes of indented lines that end a frame list instead of being malformed frames. */
    private final String[] notFrames;
    /** Whether the 'jkasan frame in a trace' problem names the frame. */
    private final boolean nameJkasanFrame;

    /**
     * @param lines the report, separators included
     * @param nameJkasanFrame whether a jkasan frame in a trace is named in the problem; {@link HarnessTest}
     *     pins the vmalloc parser's message without the frame, the stack parser's names it
     * @param notFrames prefixes of indented lines that follow a frame list in this report kind (a mapping's
     *     {@code " ["}, a stack description's {@code " and "}): they end the list instead of failing as frames
     */
    ReportLines(final List<String> lines, final boolean nameJkasanFrame, final String... notFrames) {
        this.lines = lines;
        this.nameJkasanFrame = nameJkasanFrame;
        this.notFrames = notFrames.clone();
    }

    /**
     * Splits stderr into reports: every block from a separator line to the next one.
     *
     * @param stderrLines the forked JVM's stderr
     * @param parser validates one report's lines (a copy, separators included) and returns it parsed
     * @param <T> the parsed report kind
     * @return the validated reports, in order
     */
    static <T> List<T> parseAll(final List<String> stderrLines, final Function<List<String>, T> parser) {
        final List<T> out = new ArrayList<>();
        for (int s = 0; s < stderrLines.size(); s++) {
            if (!stderrLines.get(s).equals(Splat.SEPARATOR)) {
                continue;
            }
            int e = s + 1;
            while (e < stderrLines.size() && !stderrLines.get(e).equals(Splat.SEPARATOR)) {
                e++;
            }
            if (e == stderrLines.size()) {
                throw new AssertionError("report starting at stderr line " + (s + 1) + " has no closing separator");
            }
            try {
                out.add(parser.apply(new ArrayList<>(stderrLines.subList(s, e + 1))));
            } catch (final AssertionError ex) {
                throw new AssertionError("report starting at stderr line " + (s + 1) + ": " + ex.getMessage(), ex);
            }
            s = e;
        }
        return out;
    }

    /**
     * Reads the call trace of a KASAN report, from the blank line before its header to the blank line after it;
     * its first frame must be the one the {@code BUG:} line names.
     *
     * @param into receives the frames, as printed without the leading space
     * @param bugFrame the frame on the {@code BUG:} line
     */
    void callTrace(final List<String> into, final String bugFrame) {
        blank();
        expectLine("Call Trace:", "call trace header");
        frames(into);
        if (into.isEmpty()) {
            throw error("empty call trace");
        }
        // The BUG: line names the first frame outside skip_frames; the trace still begins at the access.
        check(into.stream().anyMatch(f -> f.startsWith(bugFrame + " ")), "the BUG: line's frame is not in the Call Trace");
        blank();
    }

    /**
     * Reads indented frame lines up to the first line that is not one.
     *
     * @param into receives the frames, as printed without the leading space
     */
    void frames(final List<String> into) {
        while (i < lines.size() && lines.get(i).startsWith(" ") && !endsFrames(lines.get(i))) {
            final Matcher m = FRAME_LINE.matcher(lines.get(i));
            if (!m.matches()) {
                throw error("expected ' <Class>.<method>+0x<bci>/0x<len> (<File>.java:<line>)'");
            }
            final String frame = m.group(1);
            // Agent and runtime frames must be hidden from the user; the samples are user code.
            check(!frame.startsWith("io.jkasan.") || frame.startsWith("io.jkasan.samples."),
                    nameJkasanFrame ? "jkasan frame in a trace: " + frame : "jkasan frame in a trace");
            into.add(lines.get(i).substring(1));
            i++;
        }
    }

    private boolean endsFrames(final String line) {
        for (final String prefix : notFrames) {
            if (line.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads the closing separator, which must be the report's last line.
     *
     * @param what names the separator in the error, e.g. what else could have stood there
     */
    void close(final String what) {
        expectLine(Splat.SEPARATOR, what);
        if (i != lines.size()) {
            throw error("trailing lines in report");
        }
    }

    /** @return the next line without consuming it, or {@code ""} past the end */
    String peek() {
        return i < lines.size() ? lines.get(i) : "";
    }

    /** Consumes the line {@link #peek()} returned. */
    void skip() {
        i++;
    }

    /**
     * @param what names the expected line in the error
     * @return the next line, consumed
     */
    String next(final String what) {
        if (i >= lines.size()) {
            throw new AssertionError("report ends before the " + what + "\n" + String.join("\n", lines));
        }
        return lines.get(i++);
    }

    void blank() {
        expectLine("", "blank line");
    }

    void expectLine(final String expected, final String what) {
        if (!next(what).equals(expected)) {
            i--;
            throw error("expected " + what + " '" + expected + "'");
        }
    }

    Matcher expect(final Pattern p, final String what) {
        final Matcher m = p.matcher(next(what));
        if (!m.matches()) {
            i--;
            throw error("expected " + what);
        }
        return m;
    }

    /** Records a problem unless {@code ok}: a well-formed line with a wrong detail does not stop the parse. */
    void check(final boolean ok, final String message) {
        if (!ok) {
            problems.add(message);
        }
    }

    /**
     * @param message what is wrong with the current line
     * @return an error that shows the whole report with the current line marked
     */
    AssertionError error(final String message) {
        final StringBuilder sb = new StringBuilder(message).append(", at report line ").append(i + 1).append(":\n");
        for (int k = 0; k < lines.size(); k++) {
            sb.append(k == i ? ">>> " : "    ").append(lines.get(k)).append('\n');
        }
        return new AssertionError(sb.toString());
    }
}
