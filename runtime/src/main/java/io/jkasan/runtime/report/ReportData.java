package io.jkasan.runtime.report;

import io.jkasan.Access;
import io.jkasan.KasanFrame;
import java.util.List;

/**
 * A captured report before rendering (the kernel's {@code kasan_access_info} plus what the report prints):
 * immutable, gathered on the faulting thread, rendered once by {@link ReportRenderer}.
 */
public final class ReportData {
    final BugType type;
    final Access access;
    final long address;
    final long size;
    final long firstBad;
    final String threadName;
    final long threadId;
    final List<KasanFrame> frames;
    /** Index in {@link #frames} of the frame the {@code BUG:} line names ({@link TitleFrames}). */
    final int titleIndex;
    final AddressDescription description;
    final ShadowDump shadow;
    /** For a stack guard-page hit: {@code {low, high}} of the stack; {@code null} otherwise. */
    final long[] guardedStack;

    ReportData(BugType type, Access access, long address, long size, long firstBad, String threadName, long threadId,
            List<KasanFrame> frames, int titleIndex, AddressDescription description, ShadowDump shadow, long[] guardedStack) {
        this.type = type;
        this.access = access;
        this.address = address;
        this.size = size;
        this.firstBad = firstBad;
        this.threadName = threadName;
        this.threadId = threadId;
        this.frames = frames;
        this.titleIndex = titleIndex;
        this.description = description;
        this.shadow = shadow;
        this.guardedStack = guardedStack;
    }
}
