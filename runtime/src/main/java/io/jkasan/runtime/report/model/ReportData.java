package io.jkasan.runtime.report.model;

import io.jkasan.Access;
import io.jkasan.KasanFrame;
import java.util.Optional;

/**
 * One report as data, before rendering (the kernel's {@code kasan_report_info}, ASan's {@code ErrorBase}
 * subclasses): immutable, gathered on the faulting thread, rendered by the text and JSON renderers alike.
 */
public final class ReportData {
    private final BugType type;
    private final Access access;
    private final long address;
    private final long size;
    private final long firstBad;
    private final Task task;
    private final Trace trace;
    private final Optional<KasanFrame> bugFrame;
    private final AddressDescription description;
    private final Optional<ShadowDump> shadow;

    /**
     * @param type the bug type
     * @param access read, write or free
     * @param address the access or free address (the offset, for an array base)
     * @param size the access size, 0 for frees
     * @param firstBad the first bad address, where the shadow dump's caret points
     * @param task the faulting thread
     * @param trace the call trace, innermost first, without jkasan frames
     * @param bugFrame the frame the {@code BUG:} line names, if any
     * @param description what the address is
     * @param shadow the shadow around the first bad address, for addresses that have shadow
     */
    public ReportData(BugType type, Access access, long address, long size, long firstBad, Task task, Trace trace,
            Optional<KasanFrame> bugFrame, AddressDescription description, Optional<ShadowDump> shadow) {
        this.type = type;
        this.access = access;
        this.address = address;
        this.size = size;
        this.firstBad = firstBad;
        this.task = task;
        this.trace = trace;
        this.bugFrame = bugFrame;
        this.description = description;
        this.shadow = shadow;
    }

    /** @return the bug type */
    public BugType type() {
        return type;
    }

    /** @return read, write or free */
    public Access access() {
        return access;
    }

    /** @return the access or free address; for an array base, the offset */
    public long address() {
        return address;
    }

    /** @return the access size in bytes, 0 for frees */
    public long size() {
        return size;
    }

    /** @return the first bad address */
    public long firstBad() {
        return firstBad;
    }

    /** @return the faulting thread */
    public Task task() {
        return task;
    }

    /** @return the call trace */
    public Trace trace() {
        return trace;
    }

    /** @return the frame the {@code BUG:} line names; empty if the trace is */
    public Optional<KasanFrame> bugFrame() {
        return bugFrame;
    }

    /** @return what the address is */
    public AddressDescription description() {
        return description;
    }

    /** @return the shadow around the first bad address; empty where there is no shadow */
    public Optional<ShadowDump> shadow() {
        return shadow;
    }
}
