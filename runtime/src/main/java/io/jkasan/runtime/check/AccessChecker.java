package io.jkasan.runtime.check;

import static io.jkasan.runtime.jdk.UnsafeAccess.U;

import io.jkasan.runtime.jdk.ArrayLayout;
import io.jkasan.runtime.jdk.BufferAddresses;
import io.jkasan.runtime.jdk.SegmentHandles;
import io.jkasan.runtime.shadow.CleanSpan;
import io.jkasan.runtime.shadow.ShadowBytes;
import io.jkasan.runtime.shadow.ShadowMapping;
import io.jkasan.runtime.state.RuntimeState;
import java.nio.ByteBuffer;

/**
 * The checks the bridges run before every access (≈ the kernel's {@code check_region_inline}): size 0,
 * then the address range, then the shadow, then a report.
 *
 * <p>The fast path of {@link #check} is a few bytecodes so that the JIT inlines it into the caller: one
 * unsigned range compare, one shadow byte load, one compare (a second load and compare for an access that
 * crosses a granule); a partial granule that covers the access, and memory outside the arena, are answered
 * inline too, without a call. Anything else (poisoned, the null page, strict mode, a page of a large area no
 * access reached yet) goes to an out-of-line method that runs the kernel's exact logic ({@link MemoryPoison})
 * and reports only if the access really is bad. The program's absolute accesses and the JDK's funnel reach that
 * call from two methods, whose branches C2 profiles apart (docs/design.md, "One profile per check"). Each
 * method returns whether the access may be performed: a flagged store never is (docs/options.md).
 *
 * <p>An absolute access ({@link #check(long, int, boolean)}, and {@code sun.misc.Unsafe}'s {@code (null,
 * address)} form through {@link #checkWithSpan}) first asks the {@link CleanSpan}, the requested bytes of one
 * live area, with one unsigned compare C2 can hoist out of a loop; {@link #check(Object, long, int, boolean)}
 * does not, since it is also the check of every segment and buffer access inside the JDK
 * ({@code ScopedMemoryAccess}), where a larger method stops being inlined (docs/performance.md, section 1,
 * "One clean span"). It first asks whether the calling thread is inside a segment or buffer loop whose segments
 * and buffers were wholly clean at entry ({@link #enterSegmentLoop(boolean, long, long)},
 * {@link #enterBufferLoop}), a test C2 takes out of the loop.
 */
public final class AccessChecker {
    private static final long ARENA_START = ShadowMapping.ARENA_START;
    private static final long ARENA_SIZE = ShadowMapping.ARENA_SIZE;
    private static final long SHADOW_START = ShadowMapping.SHADOW_START;
    private static final boolean STRICT = RuntimeState.options().strict();
    private static final long NULL_PAGE = 4096;
    /** The granule-aligned offset bits of an address within its page. */
    private static final int PAGE_GRANULES = 0xFF8;
    /** The granule whose clean accesses offer their area as the {@link CleanSpan}: the middle of a page. */
    private static final int SPAN_PROBE = 0x800;

    /**
     * The thread running a segment loop the agent bracketed with {@link #enterSegmentLoop} and
     * {@link #exitSegmentLoop} and whose segment was wholly clean at entry, or {@code null}. Read plainly by
     * every check of the JDK's funnel, so C2 may load it once before a loop; written only by the thread it
     * names, or to clear it. Another thread's write can only clear or replace it, which makes this thread's
     * accesses checked again, never unchecked.
     */
    private static Thread segmentLoopThread;

    private AccessChecker() {
    }

    /** Forces class initialisation, so the first real check loads nothing. */
    public static void initialize() {
        // Exercise the slow path's shadow logic once so its classes are loaded and linked before user code
        // runs, initialise the clean span that every absolute check reads first, look up the JDK's segment
        // handle class that segment-loop entries compare with and the buffer field that buffer-loop entries
        // read, and create the verdict rewritten call sites test with instanceof.
        poisonedInArena(ARENA_START, 1);
        CleanSpan.covers(ARENA_START);
        SegmentHandles.direct(null);
        U.ensureClassInitialized(BufferAddresses.class);
        U.ensureClassInitialized(SpanVerdict.class);
    }

    /**
     * Checks an absolute access of 1, 2, 4 or 8 bytes.
     *
     * @param address the address
     * @param size the access size, 1..8
     * @param write whether it is a store
     * @return whether the access may be performed
     */
    public static boolean check(long address, int size, boolean write) {
        if (CleanSpan.covers(address)) {
            return true;                                   // inside one live area's requested bytes: no shadow load
        }
        // The program's absolute accesses have their own branch to the out-of-line call, apart from the JDK's
        // funnel (check(Object, long, int, boolean)): HotSpot profiles a branch per bytecode of the method
        // holding it, and a first access to a large area the program allocated (LazyShadow) takes that call,
        // which C2 would then have kept in every segment and buffer loop of the JVM.
        boolean allowed = passesInline(address, size) || rangeStatus(null, address, size, write) != REFUSED;
        // One access in 512 (the middle granule of each page) offers the area it lies in as the clean span; not
        // the first granule, which is where a program touches a fresh small buffer, each time another area.
        if (allowed && ((int) address & PAGE_GRANULES) == SPAN_PROBE) {
            RuntimeState.space().publishCleanSpan(address);
        }
        return allowed;
    }

    /**
     * Checks a {@code sun.misc.Unsafe} {@code (Object base, long offset)} access: with a {@code null} base it is
     * the absolute check, clean span included ({@link #check(long, int, boolean)}), as off-heap buffers that
     * keep an optional array base make it (Agrona's {@code UnsafeBuffer}); otherwise
     * {@link #check(Object, long, int, boolean)}. Only the program's own call sites reach it:
     * {@code jdk.internal.misc.ScopedMemoryAccess} uses {@code jdk.internal.misc.Unsafe}, whose bridges keep the
     * smaller form.
     *
     * @param base the base object
     * @param offset the offset, an absolute address when {@code base} is {@code null}
     * @param size access size in bytes, or {@link io.jkasan.runtime.hooks.UnsafeMethod#REFERENCE_SIZE}
     * @param write whether it is a store
     * @return whether the access may be performed
     */
    public static boolean checkWithSpan(Object base, long offset, int size, boolean write) {
        return base == null && size > 0 ? check(offset, size, write) : check(base, offset, size, write);
    }

    /**
     * Checks an {@code (Object base, long offset)} access: a {@code null} base is absolute, an array base is
     * bounds-checked, any other object (a field access) is left alone.
     *
     * @param base the base object
     * @param offset the offset
     * @param size access size in bytes, or {@link io.jkasan.runtime.hooks.UnsafeMethod#REFERENCE_SIZE} for a
     *     reference (one reference slot)
     * @param write whether it is a store
     * @return whether the access may be performed
     */
    public static boolean check(Object base, long offset, int size, boolean write) {
        // A thread inside a segment loop whose whole segment was clean at entry (enterSegmentLoop): the test is
        // the same for every access of the loop, so C2 takes it out of the loop and compiles the loop twice,
        // once without checks (loop unswitching).
        if (segmentLoopThread == Thread.currentThread()) {
            return true;
        }
        if (base != null) {
            return checkArray(base, offset, size < 0 ? ArrayLayout.REFERENCE_SCALE : size, write);
        }
        if (size < 0) {
            return true;                                   // an absolute reference slot: not checked
        }
        // On JDK 22+ the absolute branch serves every buffer and segment access of the JVM (through
        // ScopedMemoryAccess). C2 keeps a call on any branch the method's one profile has seen taken, and a call
        // in a loop body stops it from hoisting the JDK's own bounds and session checks out of the loop (segment
        // loops 5.6-7x slower), so all a correct program does here is answered inline, partial granules and
        // memory that is not jkasan's included; only a finding, the null page, strict mode and a first access to
        // a page of a large area the JDK reached first take the call. The program's own absolute accesses go
        // through check(long, int, boolean) and its own copy of the test (passesInline, which says why it is not
        // called from here).
        long arenaOffset = offset - ARENA_START;
        if (Long.compareUnsigned(arenaOffset, ARENA_SIZE) < 0) {
            long shadow = SHADOW_START + (arenaOffset >>> ShadowBytes.SCALE_SHIFT);
            int end = ((int) offset & ShadowBytes.GRANULE_MASK) + size;
            if (end <= ShadowBytes.GRANULE || U.getByte(shadow) == ShadowBytes.STORED_ACCESSIBLE) {
                if (end > ShadowBytes.GRANULE) {               // an unaligned access over two granules, the first whole
                    shadow++;
                    end -= ShadowBytes.GRANULE;
                }
                byte stored = U.getByte(shadow);
                if (stored == ShadowBytes.STORED_ACCESSIBLE || end <= (byte) (stored ^ ShadowBytes.STORAGE_XOR)) {
                    return true;                               // whole, or the first `end` bytes of a partial one
                }
            }
        } else if (!STRICT && Long.compareUnsigned(offset, NULL_PAGE) >= 0) {
            return true;                                       // not jkasan's memory
        }
        // Out of line: the kernel's exact logic for the arena, the null page and strict mode.
        return rangeStatus(null, offset, size, write) != REFUSED;
    }

    /**
     * The inline part of an absolute check of 1..8 bytes, for the program's accesses
     * ({@link #check(long, int, boolean)}); {@link #check(Object, long, int, boolean)} writes the same test out
     * in its own body, since C2 inlines a callee of this size only where its call is frequent, and a call left
     * in a segment loop's rarely taken path would stop the JDK's checks from leaving the loop all the same.
     * Calls nothing.
     *
     * @return whether the access needs no report: every granule it touches is accessible up to its last byte
     *     (the kernel's {@code memory_is_poisoned_1} and {@code memory_is_poisoned_2_4_8}: the first {@code N}
     *     bytes of a granule whose shadow is {@code N}), or, without strict mode, it lies outside both the arena
     *     and the null page, in memory that is not jkasan's
     */
    private static boolean passesInline(long offset, int size) {
        long arenaOffset = offset - ARENA_START;
        if (Long.compareUnsigned(arenaOffset, ARENA_SIZE) >= 0) {
            return !STRICT && Long.compareUnsigned(offset, NULL_PAGE) >= 0;
        }
        long shadow = SHADOW_START + (arenaOffset >>> ShadowBytes.SCALE_SHIFT);
        int end = ((int) offset & ShadowBytes.GRANULE_MASK) + size;
        if (end > ShadowBytes.GRANULE) {
            if (U.getByte(shadow) != ShadowBytes.STORED_ACCESSIBLE) {
                return false;                                  // the first of two granules must be whole
            }
            shadow++;
            end -= ShadowBytes.GRANULE;
        }
        byte stored = U.getByte(shadow);
        return stored == ShadowBytes.STORED_ACCESSIBLE || end <= (byte) (stored ^ ShadowBytes.STORAGE_XOR);
    }

    /**
     * Bounds-checks an access of {@code size} bytes at {@code offset} in {@code base} if it is an array, and
     * reports it if it is not inside the array's elements.
     */
    private static boolean checkArray(Object base, long offset, long size, boolean write) {
        return arrayAccess(base, offset, size, write, true);
    }

    /**
     * Whether {@code [offset, offset + size)} lies inside the elements of {@code base}, or {@code base} is not
     * an array (a field of an ordinary object: not checked); an access outside is reported if {@code report}.
     * The kind of array is told by {@code instanceof}, which the JIT folds where the static type of the base
     * is known (a {@code byte[]} field, say), and its layout comes from constants read once
     * ({@link ArrayLayout}), never by reflection.
     */
    private static boolean arrayAccess(Object base, long offset, long size, boolean write, boolean report) {
        long first;
        long bytes;
        if (base instanceof byte[]) {
            first = ArrayLayout.BYTE_BASE;
            bytes = ((byte[]) base).length;
        } else if (base instanceof long[]) {
            first = ArrayLayout.LONG_BASE;
            bytes = (long) ((long[]) base).length << 3;
        } else if (base instanceof int[]) {
            first = ArrayLayout.INT_BASE;
            bytes = (long) ((int[]) base).length << 2;
        } else if (base instanceof Object[]) {
            first = ArrayLayout.REFERENCE_BASE;
            bytes = (long) ((Object[]) base).length * ArrayLayout.REFERENCE_SCALE;
        } else if (base instanceof char[]) {
            first = ArrayLayout.CHAR_BASE;
            bytes = (long) ((char[]) base).length << 1;
        } else if (base instanceof short[]) {
            first = ArrayLayout.SHORT_BASE;
            bytes = (long) ((short[]) base).length << 1;
        } else if (base instanceof double[]) {
            first = ArrayLayout.DOUBLE_BASE;
            bytes = (long) ((double[]) base).length << 3;
        } else if (base instanceof float[]) {
            first = ArrayLayout.FLOAT_BASE;
            bytes = (long) ((float[]) base).length << 2;
        } else if (base instanceof boolean[]) {
            first = ArrayLayout.BOOLEAN_BASE;
            bytes = ((boolean[]) base).length;
        } else {
            return true;                                  // a field of an ordinary object: not checked
        }
        if (offset >= first && size >= 0 && offset + size <= first + bytes) {
            return true;
        }
        return report && RuntimeState.reports().arrayOutOfBounds(base, offset, size, write, first, bytes);
    }

    /** {@link #rangeStatus}: no report. */
    private static final int CLEAN = 0;
    /** {@link #rangeStatus}: reported, and the access may still be performed (a load in mapped memory). */
    private static final int REPORTED = 1;
    /** {@link #rangeStatus}: reported, and the access must not be performed. */
    private static final int REFUSED = 2;

    /**
     * Called by the agent's code before a loop whose only calls are {@code MemorySegment} accessors on one
     * segment (docs/design.md, "Segment loops"): if every byte of the segment is accessible now, the checks of
     * this thread's segment accesses are suspended until {@link #exitSegmentLoop}. The JDK bounds every
     * accessor call to the segment ({@code AbstractMemorySegmentImpl.checkAccess}), so no access of the loop
     * can leave it; a heap segment's accesses stay inside its array for the same reason. A segment that is not
     * wholly clean (a {@code reinterpret} too large, memory freed under it) keeps every check, so the first bad
     * access reports as it would alone.
     *
     * @param isNative whether the segment is native ({@code MemorySegment.isNative()})
     * @param address its address ({@code address()})
     * @param size its size in bytes ({@code byteSize()})
     */
    public static void enterSegmentLoop(boolean isNative, long address, long size) {
        if (segmentClean(isNative, address, size)) {
            segmentLoopThread = Thread.currentThread();
        }
    }

    /**
     * {@link #enterSegmentLoop(boolean, long, long)} for a loop whose accesses also go through one
     * {@code VarHandle}: checks are suspended only if it is one of the JDK's own segment handles
     * ({@link SegmentHandles}), whose access runs nothing of the program's.
     *
     * @param handle the loop's {@code VarHandle}
     * @param isNative whether the segment is native
     * @param address its address
     * @param size its size in bytes
     */
    public static void enterSegmentLoop(Object handle, boolean isNative, long address, long size) {
        if (SegmentHandles.direct(handle)) {
            enterSegmentLoop(isNative, address, size);
        }
    }

    /**
     * Called by the agent's code after {@link #enterSegmentLoop} for each further segment a loop accesses (a
     * copy from one segment into another): if that segment is not wholly clean, this thread's checks are not
     * suspended after all.
     *
     * @param isNative whether the segment is native
     * @param address its address
     * @param size its size in bytes
     */
    public static void narrowSegmentLoop(boolean isNative, long address, long size) {
        if (segmentLoopThread == Thread.currentThread() && !segmentClean(isNative, address, size)) {
            segmentLoopThread = null;
        }
    }

    /**
     * Called by the agent's code after {@link #enterSegmentLoop} for each further {@code VarHandle} a loop
     * accesses its segments through: if it is not one of the JDK's own segment handles, this thread's checks
     * are not suspended after all.
     *
     * @param handle the handle
     */
    public static void narrowSegmentLoop(Object handle) {
        if (segmentLoopThread == Thread.currentThread() && !SegmentHandles.direct(handle)) {
            segmentLoopThread = null;
        }
    }

    /**
     * Called by the agent's code before a loop whose only calls are {@code ByteBuffer} element getters, putters
     * and position queries, for its first buffer (docs/design.md, "Segment loops"): as
     * {@link #enterSegmentLoop(boolean, long, long)} for a segment, this thread's funnel checks are suspended if
     * every byte the JDK lets the loop reach is accessible now. A buffer's accesses never leave
     * {@code [address, address + capacity)} (the JDK checks each index against the limit, which never exceeds
     * the capacity), and neither can change; a heap buffer's stay inside its array.
     *
     * @param buffer the loop's buffer
     */
    public static void enterBufferLoop(ByteBuffer buffer) {
        if (bufferClean(buffer)) {
            segmentLoopThread = Thread.currentThread();
        }
    }

    /**
     * Called by the agent's code after the entry of a loop for each further buffer it accesses: if that buffer
     * is not wholly clean, this thread's checks are not suspended after all.
     *
     * @param buffer the buffer
     */
    public static void narrowBufferLoop(ByteBuffer buffer) {
        if (segmentLoopThread == Thread.currentThread() && !bufferClean(buffer)) {
            segmentLoopThread = null;
        }
    }

    /** Whether every access the JDK lets through to a buffer would pass without a report. */
    private static boolean bufferClean(ByteBuffer buffer) {
        boolean direct = buffer.isDirect();
        return segmentClean(direct, direct ? BufferAddresses.of(buffer) : 0, buffer.capacity());
    }

    /**
     * Called by the agent's code on every way out of a loop bracketed by {@link #enterSegmentLoop} or
     * {@link #enterBufferLoop}, exceptions included: this thread's funnel accesses are checked again.
     */
    public static void exitSegmentLoop() {
        if (segmentLoopThread == Thread.currentThread()) {
            segmentLoopThread = null;
        }
    }

    /** Largest segment scanned at loop entry; a larger one must lie in the {@link CleanSpan}. */
    static final long SEGMENT_SCAN_BYTES = 4096;

    /**
     * Whether every access the JDK lets through to a segment would pass without a report: any access of a heap
     * segment (the JDK keeps it inside its array); for a native one, every access inside
     * {@code [address, address + size)}, which must not be empty. A small segment, or one outside the arena,
     * is answered by {@link #spanClean}; a larger one in the arena only if its area is, or can now be made, the
     * {@link CleanSpan}, as a scan of its shadow at every loop entry could cost more than the loop (a few
     * random reads of a 64 MiB segment).
     */
    private static boolean segmentClean(boolean isNative, long address, long size) {
        if (!isNative) {
            return true;
        }
        if (size <= 0) {
            return false;
        }
        if (size <= SEGMENT_SCAN_BYTES || !ShadowMapping.inArena(address)) {
            return spanClean(address, size);
        }
        if (!CleanSpan.covers(address, size)) {
            RuntimeState.space().publishCleanSpan(address);
        }
        return CleanSpan.covers(address, size);
    }

    /**
     * Checks an absolute range access of {@code size} bytes ({@code setMemory}).
     *
     * @param address start
     * @param size bytes; 0 is always fine, a negative size is left to {@code Unsafe} to reject
     * @param write whether it is a store
     * @return whether the access may be performed
     */
    public static boolean checkRange(long address, long size, boolean write) {
        return size > 0 && arenaRangeClean(address, size) || rangeStatus(null, address, size, write) != REFUSED;
    }

    /**
     * @param base null for absolute, an array, or another object (unchecked)
     * @param offset offset or address
     * @param size bytes
     * @param write whether it is a store
     * @return whether the access may be performed
     */
    public static boolean checkRange(Object base, long offset, long size, boolean write) {
        return base == null && size > 0 && arenaRangeClean(offset, size)
                || rangeStatus(base, offset, size, write) != REFUSED;
    }

    /**
     * Checks a copy as the kernel's {@code memcpy} wrapper does: the source as a read first, then the
     * destination as a write; the first bad side is reported and the copy is not performed.
     *
     * @param srcBase source base or null
     * @param srcOffset source offset or address
     * @param dstBase destination base or null
     * @param dstOffset destination offset or address
     * @param size bytes
     * @return whether the copy may be performed
     */
    public static boolean checkCopy(Object srcBase, long srcOffset, Object dstBase, long dstOffset, long size) {
        if (srcBase == null && dstBase == null && size > 0
                && arenaRangeClean(srcOffset, size) && arenaRangeClean(dstOffset, size)) {
            return true;                                  // the common case: two clean arena ranges
        }
        return rangeStatus(srcBase, srcOffset, size, false) == CLEAN
                && rangeStatus(dstBase, dstOffset, size, true) == CLEAN;
    }

    /**
     * Checks a comparison of two ranges ({@code vectorizedMismatch}, ASan's {@code memcmp}): both as reads,
     * {@code a} first; only the first bad side is reported.
     *
     * @param aBase first base or null
     * @param aOffset first offset or address
     * @param bBase second base or null
     * @param bOffset second offset or address
     * @param size bytes of each range
     * @return whether the comparison may be performed (a flagged load in mapped memory still is)
     */
    public static boolean checkCompare(Object aBase, long aOffset, Object bBase, long bOffset, long size) {
        int a = rangeStatus(aBase, aOffset, size, false);
        if (a != CLEAN) {
            return a == REPORTED;
        }
        return rangeStatus(bBase, bOffset, size, false) != REFUSED;
    }

    /**
     * Whether every access of at most 8 bytes inside {@code [address, address + length)} would pass
     * {@link #check(long, int, boolean)} without a report: the span is in the arena and unpoisoned, or lies
     * wholly outside both the arena and the null page and {@code strict} is off. Reports nothing: a call site
     * in a merged group runs its ordinary checked bridge when this is false (docs/design.md, "Merged checks").
     *
     * @param address first byte of the span
     * @param length bytes, positive
     * @return whether the accesses of the span may skip their own checks
     */
    public static boolean spanClean(long address, long length) {
        return arenaSpanClean(address, length) || spanCleanSlow(address, length);
    }

    /**
     * The inline part of {@link #spanClean(long, long)}: in the arena, the first and last granules fully
     * accessible, and the one between them too, for a span of up to 24 bytes (a 13-byte record touches two or
     * three granules); a longer span's granules are scanned a word at a time, as a range access's are.
     */
    private static boolean arenaSpanClean(long address, long length) {
        long offset = address - ARENA_START;
        if (Long.compareUnsigned(offset, ARENA_SIZE) < 0 && Long.compareUnsigned(offset + length, ARENA_SIZE) <= 0) {
            long first = SHADOW_START + (offset >>> ShadowBytes.SCALE_SHIFT);
            long last = SHADOW_START + ((offset + length - 1) >>> ShadowBytes.SCALE_SHIFT);
            return U.getByte(first) == ShadowBytes.STORED_ACCESSIBLE && U.getByte(last) == ShadowBytes.STORED_ACCESSIBLE
                    && (last - first < 2 || last - first == 2 && U.getByte(first + 1) == ShadowBytes.STORED_ACCESSIBLE
                        || last - first > 2 && arenaRangeClean(address, length));
        }
        return false;
    }

    /**
     * {@link #spanClean(long, long)} for {@code (Object base, long offset)} accesses: a {@code null} base is
     * absolute, an array base must hold the whole span in its elements, any other object is a field access,
     * which is not checked.
     *
     * @param base the base object
     * @param offset the offset of the span's first byte
     * @param length bytes, positive
     * @return whether the accesses of the span may skip their own checks
     */
    public static boolean spanClean(Object base, long offset, long length) {
        return base == null ? spanClean(offset, length) : arrayAccess(base, offset, length, false, false);
    }

    /**
     * The verdict one call site of a load, store or atomic of at most 8 bytes at an absolute address gets
     * before its span bridge (docs/design.md, "Per-site verdicts"): {@link SpanVerdict#CLEAN} if the access
     * lies in the {@link CleanSpan}. Nothing else: anything more (a shadow load, the probe that offers an area
     * as the span) made the loops that hit the span too large for C2 to unroll (a random-read loop 1.6x
     * slower), and a site that misses the span is checked by its bridge, which also makes that offer.
     *
     * @param address the address
     * @return {@link SpanVerdict#CLEAN}, or {@code null} for each access to be checked alone; reports nothing
     */
    public static SpanVerdict verdict(long address) {
        return CleanSpan.covers(address) ? SpanVerdict.CLEAN : null;
    }

    /**
     * {@link #verdict(long)} for an {@code (Object base, long offset)} call site: a {@code null} base is
     * absolute, an array base must hold the access in its elements, any other object is a field access, which
     * is not checked.
     *
     * @param base the base object
     * @param offset the offset, an absolute address when {@code base} is {@code null}
     * @param size the access size, 1..8
     * @return {@link SpanVerdict#CLEAN}, or {@code null} for each access to be checked alone; reports nothing
     */
    public static SpanVerdict verdict(Object base, long offset, int size) {
        if (base == null) {
            return verdict(offset);
        }
        return arrayAccess(base, offset, size, false, false) ? SpanVerdict.CLEAN : null;
    }

    /**
     * The verdict of a merged group's span ({@link #spanClean(long, long)}), given to each of its calls'
     * span bridges through the group's own {@code instanceof} (docs/design.md, "Per-site verdicts"). Call-free:
     * a span ending in a partial granule gets {@code null}, and each call decides alone.
     *
     * @param address first byte of the span
     * @param length bytes, positive
     * @return {@link SpanVerdict#CLEAN}, or {@code null} for each access to be checked alone; reports nothing
     */
    public static SpanVerdict spanVerdict(long address, long length) {
        return CleanSpan.covers(address, length) || arenaSpanClean(address, length)
                || !ShadowMapping.inArena(address) && outsideArenaClean(address, length)
                ? SpanVerdict.CLEAN : null;
    }

    /**
     * {@link #spanVerdict(long, long)} for {@code (Object base, long offset)} groups, as
     * {@link #spanClean(Object, long, long)} answers them.
     *
     * @param base the base object
     * @param offset the offset of the span's first byte
     * @param length bytes, positive
     * @return {@link SpanVerdict#CLEAN}, or {@code null} for each access to be checked alone; reports nothing
     */
    public static SpanVerdict spanVerdict(Object base, long offset, long length) {
        if (base == null) {
            return spanVerdict(offset, length);
        }
        return arrayAccess(base, offset, length, false, false) ? SpanVerdict.CLEAN : null;
    }

    /**
     * Whether every access of a counted loop would pass its own check: the loop's induction variable runs
     * from {@code first} while it is below {@code bound}, adding {@code step} each time, and each iteration
     * accesses {@code [variable * scale + low, variable * scale + high)}. The agent calls this once before a
     * loop it has versioned and runs the copy without checks when it is true, the original loop with every
     * check when it is false (docs/design.md, "Hoisted loop checks"), as HotSpot's loop predication hoists
     * array range checks out of a counted loop ({@code PhaseIdealLoop::loop_predication_impl}). Reports
     * nothing.
     *
     * <p>False, so that the checked loop runs, when the variable could wrap past {@code limit}, when its
     * product with {@code scale} could wrap past {@code productLimit}, and for an arena span sparser than one
     * access per {@link #LOOP_SPARSE_BYTES} bytes, whose shadow scan would cost more than the per-access
     * checks it saves.
     *
     * @param base {@code null} for absolute addresses, an array, or another object (not checked)
     * @param first the induction variable's value on entry
     * @param bound the exclusive bound it is compared with at the loop's head
     * @param step its positive constant increment
     * @param limit the highest bound for which the variable cannot wrap ({@code MAX_VALUE - step + 1} of its type)
     * @param scale the positive constant the addresses multiply the variable by (an element size, or 1)
     * @param productLimit the largest magnitude that product may take ({@code MAX_VALUE} of the type it is
     *     computed in)
     * @param low the lowest byte an iteration accesses, less the scaled variable
     * @param high one past the highest byte an iteration accesses, less the scaled variable
     * @return whether the loop's accesses may skip their own checks
     */
    public static boolean loopClean(Object base, long first, long bound, long step, long limit, long scale,
            long productLimit, long low, long high) {
        if (first >= bound) {
            return true;                                  // the body does not run
        }
        if (bound > limit) {
            return false;
        }
        long last = first + Long.divideUnsigned(bound - 1 - first, step) * step;
        return variableSpanClean(base, first, last, step, scale, productLimit, low, high);
    }

    /**
     * {@link #loopClean(Object, long, long, long, long, long, long, long, long)} for a loop that counts down:
     * the variable runs from {@code first} while it is at least {@code bound}, less {@code step} each time
     * ({@code for (p = end - 8; p >= start; p -= 8)}), and {@code limit} is the smallest bound for which it
     * cannot wrap ({@code MIN_VALUE + step} of its type).
     *
     * @param base {@code null} for absolute addresses, an array, or another object (not checked)
     * @param first the induction variable's value on entry, its highest
     * @param bound the inclusive lower bound it is compared with at the loop's head
     * @param step the positive constant it decreases by
     * @param limit the smallest bound for which the variable cannot wrap
     * @param scale the positive constant the addresses multiply the variable by
     * @param productLimit the largest magnitude that product may take
     * @param low the lowest byte an iteration accesses, less the scaled variable
     * @param high one past the highest byte an iteration accesses, less the scaled variable
     * @return whether the loop's accesses may skip their own checks
     */
    public static boolean loopCleanDescending(Object base, long first, long bound, long step, long limit,
            long scale, long productLimit, long low, long high) {
        if (first < bound) {
            return true;                                  // the body does not run
        }
        if (bound < limit) {
            return false;
        }
        long last = first - Long.divideUnsigned(first - bound, step) * step;
        return variableSpanClean(base, last, first, step, scale, productLimit, low, high);
    }

    /**
     * Whether the accesses of a loop whose variable takes the values {@code lowest}, {@code lowest + step},
     * ... {@code highest} are clean: {@code [lowest * scale + low, highest * scale + high)}, unless a product
     * could wrap or an absolute span is too sparse to scan ahead.
     */
    private static boolean variableSpanClean(Object base, long lowest, long highest, long step, long scale,
            long productLimit, long low, long high) {
        long most = productLimit / scale;
        if (lowest < -most || highest > most) {
            return false;                                 // variable * scale could wrap: keep every check
        }
        long reach = highest * scale - lowest * scale;    // non-negative unless the distance exceeds 2^63
        if (reach < 0 || reach > Long.MAX_VALUE - (high - low)) {
            return false;
        }
        long length = reach + (high - low);
        if (base == null && length / ((highest - lowest) / step + 1) > LOOP_SPARSE_BYTES) {
            return false;
        }
        return spanClean(base, lowest * scale + low, length);
    }

    /** {@link #loopClean(Object, long, long, long, long, long, long, long, long)} for absolute addresses. */
    public static boolean loopClean(long first, long bound, long step, long limit, long scale, long productLimit,
            long low, long high) {
        return loopClean(null, first, bound, step, limit, scale, productLimit, low, high);
    }

    /** {@link #loopCleanDescending(Object, long, long, long, long, long, long, long, long)} for absolute addresses. */
    public static boolean loopCleanDescending(long first, long bound, long step, long limit, long scale,
            long productLimit, long low, long high) {
        return loopCleanDescending(null, first, bound, step, limit, scale, productLimit, low, high);
    }

    /**
     * Bytes per iteration beyond which a loop's span is not scanned ahead: 512 bytes are eight shadow bytes,
     * one word of the scan, about what one inline check costs.
     */
    static final long LOOP_SPARSE_BYTES = 512;

    private static boolean spanCleanSlow(long address, long length) {
        long end = address + length;
        if (ShadowMapping.inArena(address)) {
            return Long.compareUnsigned(end - ARENA_START, ARENA_SIZE) <= 0 && !poisonedInArena(address, length);
        }
        return outsideArenaClean(address, length);
    }

    /**
     * Whether {@code [address, address + length)} lies outside both the arena and the null page with
     * {@code strict} off: there a check reports nothing. The span must not wrap nor reach into the arena.
     */
    private static boolean outsideArenaClean(long address, long length) {
        long end = address + length;
        return !STRICT && Long.compareUnsigned(address, NULL_PAGE) >= 0 && Long.compareUnsigned(end, address) > 0
                && (Long.compareUnsigned(address, ARENA_START) > 0 || Long.compareUnsigned(end, ARENA_START) <= 0);
    }

    /**
     * Whether {@code [address, address + size)} lies in the arena and every granule it touches is fully
     * accessible. The shadow is compared eight granules (one {@code long}, 64 bytes of memory) at a time
     * against eight stored accessible bytes, four words per round, as the kernel's {@code memory_is_nonzero}
     * and {@code bytes_is_nonzero} scan {@code u64} words; the stored encoding (XOR 0xF8) makes the accessible
     * word {@link ShadowBytes#STORED_ACCESSIBLE_WORD}, not 0. A partial last granule answers false here and
     * is decided by {@link MemoryPoison} on the slow path.
     *
     * @param address first byte
     * @param size bytes, positive
     */
    private static boolean arenaRangeClean(long address, long size) {
        long offset = address - ARENA_START;
        if (Long.compareUnsigned(offset, ARENA_SIZE) >= 0 || Long.compareUnsigned(offset + size, ARENA_SIZE) > 0) {
            return false;
        }
        long s = SHADOW_START + (offset >>> ShadowBytes.SCALE_SHIFT);
        long end = SHADOW_START + ((offset + size - 1) >>> ShadowBytes.SCALE_SHIFT) + 1;   // exclusive
        final long word = ShadowBytes.STORED_ACCESSIBLE_WORD;
        for (; end - s >= 32; s += 32) {
            if (((U.getLong(s) ^ word) | (U.getLong(s + 8) ^ word) | (U.getLong(s + 16) ^ word)
                    | (U.getLong(s + 24) ^ word)) != 0) {
                return false;
            }
        }
        for (; end - s >= 8; s += 8) {
            if (U.getLong(s) != word) {
                return false;
            }
        }
        for (; s < end; s++) {
            if (U.getByte(s) != ShadowBytes.STORED_ACCESSIBLE) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@link MemoryPoison#poisoned} for a range inside the arena, asked again after what it reaches of large
     * live areas is unpoisoned ({@code VmallocSpace.materialize}): until an access first reaches a page of
     * one, the page's stored shadow is a poison value ({@code LazyShadow}). The second answer is the one that
     * counts, also when another thread unpoisoned the page in between. Only a range the shadow calls poisoned
     * gets here: a first access to a page, or a finding.
     *
     * @param address first byte, in the arena
     * @param size bytes, positive; the range ends inside the arena
     * @return whether an access of the range is bad
     */
    public static boolean poisonedInArena(long address, long size) {
        if (!MemoryPoison.poisoned(address, size)) {
            return false;
        }
        RuntimeState.space().materialize(address, size);
        return MemoryPoison.poisoned(address, size);
    }

    private static int rangeStatus(Object base, long offset, long size, boolean write) {
        if (size <= 0) {
            return CLEAN;
        }
        if (base != null) {
            return checkArray(base, offset, size, write) ? CLEAN : REFUSED;   // never performed outside
        }
        long arenaOffset = offset - ARENA_START;
        boolean perform;
        if (Long.compareUnsigned(arenaOffset, ARENA_SIZE) < 0) {
            if (Long.compareUnsigned(arenaOffset + size, ARENA_SIZE) <= 0 && !poisonedInArena(offset, size)) {
                return CLEAN;
            }
            perform = RuntimeState.reports().badAccess(offset, size, write);
        } else if (Long.compareUnsigned(offset, NULL_PAGE) < 0) {
            perform = RuntimeState.reports().nullDeref(offset, size, write);
        } else if (STRICT) {
            perform = RuntimeState.reports().wildAccess(offset, size, write);
        } else {
            return CLEAN;
        }
        return perform ? REPORTED : REFUSED;
    }
}
