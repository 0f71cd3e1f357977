package io.jkasan.runtime.report;

import io.jkasan.runtime.shadow.ShadowMemory;

/**
 * "Memory state around the buggy address": 5 rows of 16 logical shadow bytes centred on the first bad
 * address (the kernel's {@code print_shadow_for_address}, {@code SHADOW_ROWS_AROUND_ADDR = 2}). The shadow is
 * copied when the report is captured, so rendering never reads live shadow.
 */
public final class ShadowDump {
    /** Rows printed. */
    public static final int ROWS = 5;
    /** Shadow bytes per row. */
    public static final int PER_ROW = 16;
    /** Memory bytes covered by one row. */
    public static final int ROW_SPAN = PER_ROW * 8;

    private final long firstRow;
    private final int guiltyRow;
    private final int guiltyIndex;
    private final byte[] bytes;

    private ShadowDump(long firstRow, int guiltyRow, int guiltyIndex, byte[] bytes) {
        this.firstRow = firstRow;
        this.guiltyRow = guiltyRow;
        this.guiltyIndex = guiltyIndex;
        this.bytes = bytes;
    }

    /**
     * @param firstBad the first bad address
     * @return the rows around it
     */
    public static ShadowDump around(long firstBad) {
        long guilty = firstBad & -ROW_SPAN;
        long first = guilty - 2L * ROW_SPAN;
        byte[] b = new byte[ROWS * PER_ROW];
        ShadowMemory.copy(first, b, b.length);
        return new ShadowDump(first, 2, (int) ((firstBad - guilty) >>> 3), b);
    }

    /**
     * Renders the rows and the caret line, each ending in a newline.
     *
     * @param out where to append
     */
    public void render(StringBuilder out) {
        for (int r = 0; r < ROWS; r++) {
            out.append(r == guiltyRow ? '>' : ' ');
            Hex.address(out, firstRow + (long) r * ROW_SPAN);
            out.append(':');
            for (int i = 0; i < PER_ROW; i++) {
                int v = bytes[r * PER_ROW + i] & 0xff;
                out.append(' ').append(Character.forDigit(v >>> 4, 16)).append(Character.forDigit(v & 15, 16));
            }
            out.append('\n');
            if (r == guiltyRow) {
                // pr_err("%*c\n", 20 + 3 * i, '^'): the caret sits under the first hex digit of the byte
                for (int s = 0; s < 19 + 3 * guiltyIndex; s++) {
                    out.append(' ');
                }
                out.append("^\n");
            }
        }
    }
}
