package io.jkasan.runtime.report;

import io.jkasan.Access;
import io.jkasan.KasanFrame;
import io.jkasan.KasanReport;
import io.jkasan.runtime.alloc.ThreadIds;
import io.jkasan.runtime.alloc.VmallocSpace;
import io.jkasan.runtime.depot.Frames;
import io.jkasan.runtime.report.model.AddressDescription;
import io.jkasan.runtime.report.model.BugType;
import io.jkasan.runtime.report.model.GuardPageDescription;
import io.jkasan.runtime.report.model.ReportData;
import io.jkasan.runtime.report.model.ShadowDump;
import io.jkasan.runtime.report.model.Task;
import io.jkasan.runtime.report.model.UnownedAddress;
import io.jkasan.runtime.report.text.TextRenderer;
import io.jkasan.runtime.shadow.ShadowMapping;
import io.jkasan.runtime.stack.ThreadStacks;
import java.lang.reflect.Array;
import java.util.List;
import java.util.Optional;

/**
 * Entry points of the slow path: capture a report for a bad access or free, publish it, apply the fault
 * policy and tell the caller whether the access may still be performed (≈ the kernel's {@code kasan_report}
 * and {@code kasan_report_invalid_free}). Never called on the fast path.
 *
 * <p>One instance is built with the runtime's state and handed the reporter, the vmalloc space and the
 * thread stacks it describes addresses in. What it gathers is a {@link ReportData}; the reporter renders it.
 */
public final class Reports {
    /**
     * Frames kept in a call trace: deep enough for a test run's whole stack (about 100 frames of JUnit and
     * Surefire), so that the folded line counts and names them all.
     */
    static final int TRACE_DEPTH = 256;

    private final Reporter reporter;
    private final VmallocSpace space;
    private final AddressDescriber describer;
    private final FrameFolding folding;
    private final TitleFrames titles;

    /**
     * @param reporter publishes the reports and applies the fault policy
     * @param space the vmalloc space, whose areas describe arena addresses
     * @param stacks the guarded thread stacks, whose frames describe stack addresses
     * @param foldFrames the {@code fold_frames} option: fold the test framework's frames into one line
     * @param titles chooses the frame a report and an area's creation site are named after ({@code skip_frames})
     */
    public Reports(Reporter reporter, VmallocSpace space, ThreadStacks stacks, boolean foldFrames,
            TitleFrames titles) {
        this.reporter = reporter;
        this.space = space;
        this.folding = FrameFolding.of(foldFrames);
        this.titles = titles;
        this.describer = new AddressDescriber(space, stacks, folding, titles);
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
        GuardPageDescription guard = StackGuards.stackOfGuardPage(space, address);
        if (guard != null) {
            // An instrumented access into a stack guard page: the VMAP_STACK message, not a KASAN header.
            applyFaultPolicy(publish(BugType.STACK_OUT_OF_BOUNDS, access(write), address, size, address, guard,
                    Optional.empty()), false);
            return !write;
        }
        long firstBad = BugClassifier.firstBadAddress(address, size);
        ShadowDump shadow = ShadowCapture.around(space, firstBad);
        BugType type = size < 0 || address + size < address ? BugType.OUT_OF_BOUNDS : BugClassifier.classify(shadow);
        applyFaultPolicy(publish(type, access(write), address, size, firstBad, describer.arena(address),
                Optional.of(shadow)), false);
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
        applyFaultPolicy(publish(BugType.NULL_PTR_DEREF, access(write), address, size, address,
                UnownedAddress.at(UnownedAddress.Where.NULL_PAGE), Optional.empty()), true);
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
        applyFaultPolicy(publish(BugType.WILD_MEMORY_ACCESS, access(write), address, size, address,
                UnownedAddress.at(UnownedAddress.Where.OUTSIDE_ARENA), Optional.empty()), false);
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
                AddressDescriber.array(type, offset, baseOffset, bytes), Optional.empty()), false);
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
        AddressDescription description = arena ? describer.arena(address)
                : UnownedAddress.at(Long.compareUnsigned(address, VmallocSpace.PAGE) < 0
                        ? UnownedAddress.Where.NULL_PAGE : UnownedAddress.Where.OUTSIDE_ARENA);
        Optional<ShadowDump> shadow = arena ? Optional.of(ShadowCapture.around(space, address)) : Optional.empty();
        applyFaultPolicy(publish(type, Access.FREE, address, 0, address, description, shadow), false);
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
        publish(BugType.STACK_OUT_OF_BOUNDS, Access.WRITE, address, 0, address, new GuardPageDescription(low, high),
                Optional.empty());
        return new StackOverflowError(TextRenderer.guardPageLine(address, low, high));
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
            AddressDescription description, Optional<ShadowDump> shadow) {
        Reporter rep = reporter;
        if (!rep.enter()) {
            return null;
        }
        try {
            Thread t = Thread.currentThread();
            List<KasanFrame> trace = Frames.captureResolved(TRACE_DEPTH);
            return rep.publish(new ReportData(type, access, address, size, firstBad,
                    new Task(t.getName(), ThreadIds.of(t)), folding.fold(trace), Optional.ofNullable(titles.title(trace)), description,
                    shadow));
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
