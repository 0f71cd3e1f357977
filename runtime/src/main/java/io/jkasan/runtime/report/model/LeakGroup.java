package io.jkasan.runtime.report.model;

import io.jkasan.KasanFrame;
import java.util.Optional;

/**
 * The leaked allocations made from one stack: their count and total size (one "Direct leak of N byte(s)
 * in K object(s) allocated from:" block of LSan's report, {@code lsan_common.cpp}).
 */
public final class LeakGroup {
    private final long bytes;
    private final long objects;
    private final Optional<KasanFrame> createdBy;
    private final Trace trace;

    /**
     * @param bytes requested bytes of the group's allocations together
     * @param objects how many allocations
     * @param createdBy the allocation call site, if known; it names the group when no stack was recorded
     * @param trace the allocation stack, empty with {@code stack_depth=0}
     */
    public LeakGroup(long bytes, long objects, Optional<KasanFrame> createdBy, Trace trace) {
        this.bytes = bytes;
        this.objects = objects;
        this.createdBy = createdBy;
        this.trace = trace;
    }

    /** @return requested bytes of the group's allocations together */
    public long bytes() {
        return bytes;
    }

    /** @return how many allocations */
    public long objects() {
        return objects;
    }

    /** @return the allocation call site, if known */
    public Optional<KasanFrame> createdBy() {
        return createdBy;
    }

    /** @return the allocation stack, empty if not recorded */
    public Trace trace() {
        return trace;
    }
}
