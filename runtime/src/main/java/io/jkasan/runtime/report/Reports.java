package io.jkasan.runtime.report;

import io.jkasan.Access;
import io.jkasan.KasanFrame;
import io.jkasan.KasanReport;
import io.jkasan.runtime.alloc.ThreadIds;
import io.jkasan.runtime.alloc.VmallocSpace;
import io.jkasan.runtime.depot.Frames;
import io.jkasan.runtime.internal.RuntimeState;
import io.jkasan.runtime.shadow.ShadowMapping;
import java.util.List;
import java.lang.reflect.Array;

/**
 * Entry points of the slow path: capture a report for a bad access or free, publish it, apply the fault
 * policy and tell the caller whether the access may still be performed (≈ the kernel's {@code kasan_report}
 * and {@code kasan_report_invalid_free}). Never called on the fast path.
 */
public final class Reports {
    /** Frames kept in a call trace. */
    static final int TRACE_DEPTH = 64;

    private Reports() {
    }

    /**
     * Reports a poisoned access to the arena.
     *
     * @param address access address
     * @param size access size
     * @param write whether it is a store
     * @return whether the access may be performed: loads go on (the memory is mapped), flagged stores never
     */
    public static boolean badAccess(long address, long size, boolean write) {
        Reporter rep = RuntimeState.reporter();
        if (!rep.enter()) {
            return !write;
        }
        KasanReport r;
        try {
            long[] guarded = StackGuards.stackOfGuardPage(address);
            if (guarded != null) {
                // An instrumented access into a stack guard page: the VMAP_STACK message, not a KASAN header.
                r = publishGuardHit(rep, write ? Access.WRITE : Access.READ, address, size, guarded);
            } else {
                long firstBad = BugClassifier.firstBadAddress(address, size);
                BugType type = size < 0 || address + size < address ? BugType.OUT_OF_BOUNDS
                        : BugClassifier.classify(firstBad);
                r = publish(rep, type, write ? Access.WRITE : Access.READ, address, size, firstBad,
                        AddressDescription.forArena(RuntimeState.space(), address), ShadowDump.around(firstBad));
            }
        } finally {
            rep.exit();
        }
        rep.applyFaultPolicy(r, false);
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
    public static boolean nullDeref(long address, long size, boolean write) {
        Reporter rep = RuntimeState.reporter();
        if (!rep.enter()) {
            return false;
        }
        KasanReport r;
        try {
            r = publish(rep, BugType.NULL_PTR_DEREF, write ? Access.WRITE : Access.READ, address, size, address,
                    null, null);
        } finally {
            rep.exit();
        }
        rep.applyFaultPolicy(r, true);
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
    public static boolean wildAccess(long address, long size, boolean write) {
        Reporter rep = RuntimeState.reporter();
        if (!rep.enter()) {
            return !write;
        }
        KasanReport r;
        try {
            r = publish(rep, BugType.WILD_MEMORY_ACCESS, write ? Access.WRITE : Access.READ, address, size, address,
                    null, null);
        } finally {
            rep.exit();
        }
        rep.applyFaultPolicy(r, false);
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
    public static boolean arrayOutOfBounds(Object array, long offset, long size, boolean write, long baseOffset,
            long bytes) {
        Reporter rep = RuntimeState.reporter();
        if (!rep.enter()) {
            return false;
        }
        KasanReport r;
        try {
            String type = array.getClass().getComponentType().getName() + "["
                    + Array.getLength(array) + "]";
            r = publish(rep, BugType.ARRAY_OUT_OF_BOUNDS, write ? Access.WRITE : Access.READ, offset, size, offset,
                    AddressDescription.forArray(type, offset, baseOffset, bytes), null);
        } finally {
            rep.exit();
        }
        rep.applyFaultPolicy(r, false);
        return false;
    }

    /**
     * Reports a double or invalid free. The free is never performed.
     *
     * @param address the address passed to free
     * @param status why it is bad
     */
    public static void badFree(long address, VmallocSpace.FreeStatus status) {
        Reporter rep = RuntimeState.reporter();
        if (!rep.enter()) {
            return;
        }
        KasanReport r;
        try {
            boolean arena = ShadowMapping.inArena(address);
            BugType type = status == VmallocSpace.FreeStatus.DOUBLE_FREE ? BugType.DOUBLE_FREE : BugType.INVALID_FREE;
            r = publish(rep, type, Access.FREE, address, 0, address,
                    arena ? AddressDescription.forArena(RuntimeState.space(), address) : null,
                    arena ? ShadowDump.around(address) : null);
        } finally {
            rep.exit();
        }
        rep.applyFaultPolicy(r, false);
    }

    /**
     * Reports a frame allocation that ran into a thread stack's guard page.
     *
     * @param address the lowest address the allocation would have used
     * @param low lowest stack address
     * @param high highest stack address
     * @return the {@link StackOverflowError} to throw, carrying the same words as the report
     */
    public static StackOverflowError stackGuardHit(long address, long low, long high) {
        Reporter rep = RuntimeState.reporter();
        if (rep.enter()) {
            try {
                publishGuardHit(rep, Access.WRITE, address, 0, new long[] {low, high});
            } finally {
                rep.exit();
            }
        }
        return new StackOverflowError(ReportRenderer.guardPageLine(address, low, high));
    }

    private static KasanReport publishGuardHit(Reporter rep, Access access, long address, long size, long[] stack) {
        Thread t = Thread.currentThread();
        return rep.publish(new ReportData(BugType.STACK_OUT_OF_BOUNDS, access, address, size, address, t.getName(),
                ThreadIds.of(t), Frames.captureResolved(TRACE_DEPTH), null, null, stack));
    }

    private static KasanReport publish(Reporter rep, BugType type, Access access, long address, long size,
            long firstBad, AddressDescription description, ShadowDump shadow) {
        Thread t = Thread.currentThread();
        List<KasanFrame> frames = Frames.captureResolved(TRACE_DEPTH);
        return rep.publish(new ReportData(type, access, address, size, firstBad, t.getName(), ThreadIds.of(t), frames,
                description, shadow, null));
    }
}
