package io.jkasan.runtime.report.model;

import io.jkasan.KasanFrame;
import java.util.List;

/**
 * A stack as a report shows it: every captured frame, innermost first, and how many of the outermost ones
 * are folded into one line because they belong to the test framework that called the test (docs/report-format.md,
 * "Folded frames").
 */
public final class Trace {
    private static final Trace EMPTY = new Trace(List.of(), 0, List.of());

    private final List<KasanFrame> frames;
    private final int shown;
    private final List<String> foldedGroups;

    private Trace(List<KasanFrame> frames, int shown, List<String> foldedGroups) {
        this.frames = frames;
        this.shown = shown;
        this.foldedGroups = foldedGroups;
    }

    /** @return a trace without frames: the stack is not available */
    public static Trace empty() {
        return EMPTY;
    }

    /**
     * @param frames the frames, innermost first
     * @return a trace that shows every frame
     */
    public static Trace of(List<KasanFrame> frames) {
        return new Trace(List.copyOf(frames), frames.size(), List.of());
    }

    /**
     * @param frames the frames, innermost first
     * @param shown how many of them are shown; the rest are folded
     * @param foldedGroups the names of the frameworks among the folded frames, innermost first
     * @return a trace whose frames from {@code shown} on are folded into one line
     * @throws IllegalArgumentException if nothing would be folded
     */
    public static Trace folded(List<KasanFrame> frames, int shown, List<String> foldedGroups) {
        if (shown < 0 || shown >= frames.size()) {
            throw new IllegalArgumentException("jkasan: fold at " + shown + " of " + frames.size() + " frames");
        }
        return new Trace(List.copyOf(frames), shown, List.copyOf(foldedGroups));
    }

    /** @return every frame, folded or not, innermost first */
    public List<KasanFrame> frames() {
        return frames;
    }

    /** @return the frames shown one per line, innermost first */
    public List<KasanFrame> shownFrames() {
        return frames.subList(0, shown);
    }

    /** @return how many outermost frames are folded into one line; 0 if none */
    public int foldedCount() {
        return frames.size() - shown;
    }

    /** @return the frameworks the folded frames belong to, innermost first; empty if none are folded */
    public List<String> foldedGroups() {
        return foldedGroups;
    }

    /** @return whether there is no frame at all (the stack was not recorded) */
    public boolean isEmpty() {
        return frames.isEmpty();
    }
}
