package io.jkasan;

import java.util.List;

/**
 * One report ("splat") as data: what went wrong, where, and the text that was printed (docs/report-format.md, docs/usage.md "Reports as data").
 */
public final class KasanReport {
    private final String bugType;
    private final Access access;
    private final long address;
    private final long size;
    private final String threadName;
    private final long threadId;
    private final List<KasanFrame> frames;
    private final int titleIndex;
    private final String text;

    /**
     * @param bugType the KASAN bug type, e.g. {@code vmalloc-out-of-bounds}
     * @param access the kind of access
     * @param address the accessed or freed address
     * @param size the access size, 0 for frees
     * @param threadName the name of the thread that made the access
     * @param threadId its id
     * @param frames the call trace, innermost first, without jkasan frames
     * @param text the rendered report, as printed
     */
    public KasanReport(String bugType, Access access, long address, long size, String threadName, long threadId,
            List<KasanFrame> frames, String text) {
        this(bugType, access, address, size, threadName, threadId, frames, 0, text);
    }

    /**
     * @param bugType the KASAN bug type, e.g. {@code vmalloc-out-of-bounds}
     * @param access the kind of access
     * @param address the accessed or freed address
     * @param size the access size, 0 for frees
     * @param threadName the name of the thread that made the access
     * @param threadId its id
     * @param frames the call trace, innermost first, without jkasan frames
     * @param titleIndex the index in {@code frames} of the frame the {@code BUG:} line names (the first one
     *     outside the {@code skip_frames} option's classes), 0 for an empty trace
     * @param text the rendered report, as printed
     */
    public KasanReport(String bugType, Access access, long address, long size, String threadName, long threadId,
            List<KasanFrame> frames, int titleIndex, String text) {
        if (titleIndex < 0 || titleIndex > Math.max(0, frames.size() - 1)) {
            throw new IllegalArgumentException("title frame " + titleIndex + " of " + frames.size() + " frames");
        }
        this.titleIndex = titleIndex;
        this.bugType = bugType;
        this.access = access;
        this.address = address;
        this.size = size;
        this.threadName = threadName;
        this.threadId = threadId;
        this.frames = List.copyOf(frames);
        this.text = text;
    }

    /** @return the bug type, e.g. {@code use-after-free} */
    public String bugType() {
        return bugType;
    }

    /** @return read, write or free */
    public Access access() {
        return access;
    }

    /** @return the accessed address */
    public long address() {
        return address;
    }

    /** @return the access size in bytes, 0 for frees */
    public long size() {
        return size;
    }

    /** @return the accessing thread's name */
    public String threadName() {
        return threadName;
    }

    /** @return the accessing thread's id */
    public long threadId() {
        return threadId;
    }

    /** @return the call trace, innermost frame first */
    public List<KasanFrame> frames() {
        return frames;
    }

    /**
     * @return the frame on the {@code BUG:} line (the first one of the trace outside the {@code skip_frames}
     *     option's classes), or {@code null} if the trace is empty
     */
    public KasanFrame topFrame() {
        return frames.isEmpty() ? null : frames.get(titleIndex);
    }

    /** @return the rendered report, exactly as printed */
    public String text() {
        return text;
    }

    /** @return {@code in <frame>} as on the BUG line, for messages */
    public String title() {
        KasanFrame top = topFrame();
        return "in " + (top == null ? "(unknown)" : top.symbol());
    }

    @Override
    public String toString() {
        return "KASAN: " + bugType + " " + title();
    }
}
