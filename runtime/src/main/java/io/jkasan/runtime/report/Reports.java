package io.jkasan.runtime.report;

import io.jkasan.Access;
import io.jkasan.KasanFrame;
import io.jkasan.KasanReport;
import io.jkasan.runtime.alloc.ThreadIds;
import io.jkasan.runtime.alloc.VmallocSpace;
import io.jkasan.runtime.depot.Frames;
import io.jkasan.runtime.shadow.ShadowMapping;
import io.jkasan.runtime.stack.ThreadStacks;
import java.lang.reflect.Array;
import java.util.List;

/**
 * Entry points of the slow path: capture a report for a bad access or free, publish it, apply the fault
 * policy and tell the caller whether the access may still be performed (≈ the kernel's {@code kasan_report}
 * and {@code kasan_report_invalid_free}). Never called on the fast path.
 *
 * <p>One instance is built with the runtime's state and handed the reporter, the vmalloc space and the
 * thread stacks it describes addresses in.
 */
public final class Reports {
    /** Frames kept in a call trace. */
    static final int TRACE_DEPTH = 64;

    private final Reporter reporter;
    private final VmallocSpace space;
    private final ThreadStacks stacks;
    private final TitleFrames titles;

    /**
     * @param reporter publishes the reports and applies the fault policy
     * @param space the vmalloc space, whose areas describe arena addresses
     * @param stacks the guarded thread stacks, whose frames describe stack addresses
     * @param titles chooses the frame a report and an area's creation site are named after
     */
    public Reports(Reporter reporter, VmallocSpace space, ThreadStacks stacks, TitleFrames titles) {
        this.reporter = reporter;
        this.space = space;
        this.stacks = stacks;
        this.titles = titles;
    }

    /**
     * Reports a poisoned access to the arena.
     *
     * @param address access address
     * @param size access size
     * @param write whether it is a store
     * @return whether the access may be performed: loads go on (the memory is mapped), flagged stores never
     */
    public boolean badAccess(long address, long size, boolean write) {
        long[] guarded = StackGuards.stackOfGuardPage(space, address);
        if (guarded != null) {
            // An instrumented access into a stack guard page: the VMAP_STACK message, not a KASAN header.
            applyFaultPolicy(publish(BugType.STACK_OUT_OF_BOUNDS, access(write), address, size, address, null, null,
                    guarded), false);
            return !write;
        }
        long firstBad = BugClassifier.firstBadAddress(address, size);
        BugType type = size < 0 || address + size < address ? BugType.OUT_OF_BOUNDS : BugClassifier.classify(firstBad);
        applyFaultPolicy(publish(type, access(write), address, size, firstBad,
                AddressDescription.forArena(space, stacks, titles, address), ShadowDump.around(firstBad), null), false);
        return !write;
    }

    /**
     * Reports an absolute access below 4096 and throws, whatever the policy: the access would crash the JVM.
     *
     * @param address access address
     * @param size access size
     * @param write whether it is a store
     * @return never returns normally unless the report was dropped (nested), then {@code false}
     */
    public boolean nullDeref(long address, long size, boolean write) {
        applyFaultPolicy(publish(BugType.NULL_PTR_DEREF, access(write), address, size, address, null, null, null),
                true);
        return false;
    }

    /**
     * Reports an absolute access outside the arena in strict mode.
     *
     * @param address access address
     * @param size access size
     * @param write whether it is a store
     * @return whether the access may be performed ({@code false} for stores)
     */
    public boolean wildAccess(long address, long size, boolean write) {
        applyFaultPolicy(publish(BugType.WILD_MEMORY_ACCESS, access(write), address, size, address, null, null, null),
                false);
        return !write;
    }

    /**
     * Reports an {@code Unsafe} access with an array base that leaves the array's elements. The access is
     * never performed: outside the array it could touch any heap word.
     *
     * @param array the base
     * @param offset the offset
     * @param size the access size
     * @param write whether it is a store
     * @param baseOffset the array's base offset
     * @param bytes the array's element bytes
     * @return {@code false}
     */
    public boolean arrayOutOfBounds(Object array, long offset, long size, boolean write, long baseOffset,
            long bytes) {
        String type = array.getClass().getComponentType().getName() + "[" + Array.getLength(array) + "]";
        applyFaultPolicy(publish(BugType.ARRAY_OUT_OF_BOUNDS, access(write), offset, size, offset,
                AddressDescription.forArray(type, offset, baseOffset, bytes), null, null), false);
        return false;
    }

    /**
     * Reports a double or invalid free. The free is never performed.
     *
     * @param address the address passed to free
     * @param status why it is bad
     */
    public void badFree(long address, VmallocSpace.FreeStatus status) {
        boolean arena = ShadowMapping.inArena(address);
        BugType type = status == VmallocSpace.FreeStatus.DOUBLE_FREE ? BugType.DOUBLE_FREE : BugType.INVALID_FREE;
        applyFaultPolicy(publish(type, Access.FREE, address, 0, address,
                arena ? AddressDescription.forArena(space, stacks, titles, address) : null,
                arena ? ShadowDump.around(address) : null, null), false);
    }

    /**
     * Reports a frame allocation that ran into a thread stack's guard page. The caller throws the returned
     * error whatever the fault policy: the allocation cannot be satisfied.
     *
     * @param address the lowest address the allocation would have used
     * @param low lowest stack address
     * @param high highest stack address
     * @return the {@link StackOverflowError} to throw, carrying the same words as the report
     */
    public StackOverflowError stackGuardHit(long address, long low, long high) {
        publish(BugType.STACK_OUT_OF_BOUNDS, Access.WRITE, address, 0, address, null, null, new long[] {low, high});
        return new StackOverflowError(ReportRenderer.guardPageLine(address, low, high));
    }

    private static Access access(boolean write) {
        return write ? Access.WRITE : Access.READ;
    }

    /**
     * Captures the call trace and publishes the report, unless this thread is already reporting: a report
     * raised while reporting (by a listener, say) is dropped, as {@code kasan_disable_current} does.
     *
     * @return the published report, or {@code null} if it was dropped
     */
    private KasanReport publish(BugType type, Access access, long address, long size, long firstBad,
            AddressDescription description, ShadowDump shadow, long[] guardedStack) {
        Reporter rep = reporter;
        if (!rep.enter()) {
            return null;
        }
        try {
            Thread t = Thread.currentThread();
            List<KasanFrame> trace = Frames.captureResolved(TRACE_DEPTH);
            return rep.publish(new ReportData(type, access, address, size, firstBad, t.getName(), ThreadIds.of(t),
                    trace, titles.titleIndex(trace), description, shadow, guardedStack));
        } finally {
            rep.exit();
        }
    }

    private void applyFaultPolicy(KasanReport report, boolean mustStop) {
        if (report != null) {
            reporter.applyFaultPolicy(report, mustStop);
        }
    }
}
