package io.jkasan.runtime.report;

import io.jkasan.KasanFrame;
import io.jkasan.runtime.options.ClassGlobs;
import java.util.List;

/**
 * Chooses the frame a report is named after: the first frame whose class is not on the {@code skip_frames}
 * list, so that the {@code BUG:} line and "created by:" name the program's code rather than the library facade
 * or JDK layer it went through (syzkaller names a kernel report after the first frame outside its skip list
 * of allocator and string helpers in the same way). jkasan's own frames never reach a trace.
 *
 * <p>The globs are split once, when the runtime's state is built, so the report path allocates nothing for them.
 */
public final class TitleFrames {
    private final ClassGlobs skipped;

    /**
     * @param globs {@code :}-separated class-name globs ({@code *} any run of characters, {@code ?} one), as
     *     the {@code skip_frames} option accepts them; empty skips nothing
     */
    public TitleFrames(String globs) {
        this.skipped = new ClassGlobs(globs);
    }

    /**
     * @param className a frame's class name
     * @return whether a report is never named after a frame of this class
     */
    public boolean isSkipped(String className) {
        return skipped.matches(className);
    }

    /**
     * @param frames a trace, innermost first
     * @return the index of the first frame not skipped; 0 if every frame is skipped (the access itself) or
     *     the trace is empty
     */
    public int titleIndex(List<KasanFrame> frames) {
        for (int i = 0; i < frames.size(); i++) {
            if (!isSkipped(frames.get(i).className())) {
                return i;
            }
        }
        return 0;
    }

    /**
     * @param frames a trace, innermost first, or {@code null}
     * @return its title frame, or {@code null} for no or an empty trace
     */
    public KasanFrame title(List<KasanFrame> frames) {
        return frames == null || frames.isEmpty() ? null : frames.get(titleIndex(frames));
    }
}
