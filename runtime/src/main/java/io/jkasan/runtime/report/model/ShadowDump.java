package io.jkasan.runtime.report.model;

/**
 * "Memory state around the buggy address": rows of logical shadow bytes centred on the first bad
 * address, copied when the report was captured (the kernel's {@code print_shadow_for_address},
 * {@code SHADOW_ROWS_AROUND_ADDR = 2}).
 */
public final class ShadowDump {
    /** Rows in a dump. */
    public static final int ROWS = 5;
    /** Shadow bytes per row. */
    public static final int PER_ROW = 16;
    /** Memory bytes covered by one row. */
    public static final int ROW_SPAN = PER_ROW * 8;

    private final long firstRow;
    private final int guiltyRow;
    private final int guiltyIndex;
    private final byte[] bytes;

    /**
     * @param firstRow the memory address the first row describes
     * @param guiltyRow the row of the first bad address
     * @param guiltyIndex the index of its shadow byte in that row
     * @param bytes {@link #ROWS} × {@link #PER_ROW} logical shadow values, copied
     */
    public ShadowDump(long firstRow, int guiltyRow, int guiltyIndex, byte[] bytes) {
        if (bytes.length != ROWS * PER_ROW) {
            throw new IllegalArgumentException("jkasan: " + bytes.length + " shadow bytes, expected " + ROWS * PER_ROW);
        }
        this.firstRow = firstRow;
        this.guiltyRow = guiltyRow;
        this.guiltyIndex = guiltyIndex;
        this.bytes = bytes.clone();
    }

    /**
     * @param row a row, 0 to {@link #ROWS} - 1
     * @return the memory address the row describes
     */
    public long rowAddress(int row) {
        return firstRow + (long) row * ROW_SPAN;
    }

    /** @return the row of the first bad address */
    public int guiltyRow() {
        return guiltyRow;
    }

    /** @return the index of the first bad address's shadow byte in its row */
    public int guiltyIndex() {
        return guiltyIndex;
    }

    /**
     * @param row a row
     * @param index a byte of the row
     * @return the logical shadow value, 0..255
     */
    public int value(int row, int index) {
        return bytes[row * PER_ROW + index] & 0xff;
    }
}
