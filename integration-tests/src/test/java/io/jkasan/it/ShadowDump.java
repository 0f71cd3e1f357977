package io.jkasan.it;

import java.util.regex.Matcher;

/**
 * The "Memory state around the buggy address:" section of a report, parsed and checked for its fixed layout:
 * five consecutive 128-byte-aligned rows of 16 shadow bytes, the middle one marked {@code >} and followed by
 * the caret line. Both report parsers read it through here, so they hold the dump to the same layout.
 */
final class ShadowDump {
    /** The shadow row labels. */
    final long[] rowAddress = new long[5];
    /** The shadow bytes, per row. */
    final int[][] shadow = new int[5][16];
    /** Index of the {@code >} row and column of the caret. */
    int guiltyRow = -1;
    int caretColumn = -1;

    private ShadowDump() {
    }

    /**
     * Reads the five rows and the caret line that follow the section header.
     *
     * @param in the report, positioned after the header; layout deviations are recorded in its problems
     * @return the dump
     */
    static ShadowDump parse(final ReportLines in) {
        final ShadowDump d = new ShadowDump();
        for (int r = 0; r < 5; r++) {
            final Matcher m = in.expect(ReportLines.ROW, "shadow row '[ >]<16 hex>: xx xx ... (16 bytes)'");
            d.rowAddress[r] = Long.parseUnsignedLong(m.group(2), 16);
            in.check((d.rowAddress[r] & 127) == 0, "shadow row address is not 128-byte aligned");
            in.check(r == 0 || d.rowAddress[r] == d.rowAddress[r - 1] + 128, "shadow rows are not consecutive");
            final String[] bytes = m.group(3).trim().split(" ");
            for (int b = 0; b < 16; b++) {
                d.shadow[r][b] = Integer.parseInt(bytes[b], 16);
            }
            if (m.group(1).equals(">")) {
                in.check(d.guiltyRow < 0, "more than one '>' row");
                d.guiltyRow = r;
                final Matcher c = in.expect(ReportLines.CARET, "caret line '   ...   ^' after the '>' row");
                d.caretColumn = c.group(1).length();
            }
        }
        if (d.guiltyRow != 2) {
            throw in.error("the '>' row must be the middle one of 5 rows");
        }
        return d;
    }
}
