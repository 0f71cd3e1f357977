package io.jkasan.runtime.alloc;

import static io.jkasan.runtime.jdk.UnsafeAccess.U;

import io.jkasan.runtime.depot.StackRecord;

/**
 * One area of the emulated vmalloc space and its metadata (the kernel's {@code vmap_area} +
 * {@code vm_struct}, plus KASAN's alloc/free tracks).
 *
 * <pre>
 *   start                 start+size        start+vmSize-PAGE   start+vmSize
 *   │ requested bytes ... │ page tail (f8)  │ guard page (f8)   │
 * </pre>
 */
public final class VmallocArea {
    /** What the area was made for. */
    public enum Kind {
        /** {@code Unsafe.allocateMemory} and friends. */
        UNSAFE,
        /** A guarded thread stack. */
        THREAD_STACK,
        /** An allocation through the public API. */
        API
    }

    private final long start;
    private final long vmSize;
    private final long size;
    private final Kind kind;
    private final int callSite;
    private final String allocThreadName;
    private final long allocThreadId;
    private final StackRecord allocStack;
    private final long sequence;
    /** The free's track: written before {@code freed} is set, read only after it is seen set. */
    private String freeThreadName;
    private long freeThreadId;
    private StackRecord freeStack;
    /**
     * Set with a release store once the free's track is written; read with an acquire load, so that a report
     * that sees it set (reading the area after its node's lock is dropped) sees the whole track. One release
     * store where four volatile stores were four full fences on every free.
     */
    private boolean freed;
    /** Set with a release store once the requested bytes are unpoisoned; read with an acquire load. */
    private boolean unpoisoned;
    /** Set under the node's lock when the program poisons or unpoisons bytes of the area itself. */
    private boolean userPoisoned;
    /** The shadow of a large area's requested bytes, unpoisoned chunk by chunk; {@code null} for other areas. */
    private final LazyShadow lazyShadow;

    /** Where the area is in its node's {@link WaitingAreas} while it waits there, else -1; under the node's lock. */
    int waitingSlot = -1;

    private static final long UNPOISONED = U.objectFieldOffset(VmallocArea.class, "unpoisoned");
    private static final long FREED = U.objectFieldOffset(VmallocArea.class, "freed");

    VmallocArea(long start, long vmSize, long size, Kind kind, int callSite, Thread owner, StackRecord allocStack,
            long sequence) {
        this.start = start;
        this.vmSize = vmSize;
        this.size = size;
        this.kind = kind;
        this.callSite = callSite;
        this.allocThreadName = owner.getName();
        this.allocThreadId = ThreadIds.of(owner);
        this.allocStack = allocStack;
        this.sequence = sequence;
        this.lazyShadow = LazyShadow.appliesTo(size, kind, callSite) ? new LazyShadow(start, size) : null;
    }

    /** @return the area's chunk-by-chunk shadow, or {@code null} if its allocation unpoisons it whole */
    LazyShadow lazyShadow() {
        return lazyShadow;
    }

    void markFreed(Thread t, StackRecord stack) {
        freeThreadName = t.getName();
        freeThreadId = ThreadIds.of(t);
        freeStack = stack;
        U.putBooleanRelease(this, FREED, true);
    }

    /** Records that the requested bytes are unpoisoned: before that, the area is not a {@code CleanSpan}. */
    void markUnpoisoned() {
        U.putBooleanRelease(this, UNPOISONED, true);
    }

    /** Records, under the node's lock, that the program changed the area's shadow itself. */
    void markUserPoisoned() {
        userPoisoned = true;
    }

    /**
     * @return whether every requested byte is known accessible, so that the area may be the {@code CleanSpan}:
     *     live, unpoisoned, never poisoned by the program, not a thread stack (whose frames poison and unpoison
     *     its shadow all the time); asked under the node's lock
     */
    boolean whollyAccessible() {
        return !isFreed() && !userPoisoned && kind != Kind.THREAD_STACK && U.getBooleanAcquire(this, UNPOISONED);
    }

    /** @return first address of the area */
    public long start() {
        return start;
    }

    /** @return size of the whole mapping, guard page included ({@code vm_struct.size}) */
    public long vmSize() {
        return vmSize;
    }

    /** @return end of the mapping, guard included */
    public long end() {
        return start + vmSize;
    }

    /** @return the requested size */
    public long size() {
        return size;
    }

    /** @return what the area is for */
    public Kind kind() {
        return kind;
    }

    /** @return the allocation call-site id (0 if unknown) */
    public int callSite() {
        return callSite;
    }

    /** @return name of the allocating thread */
    public String allocThreadName() {
        return allocThreadName;
    }

    /** @return id of the allocating thread */
    public long allocThreadId() {
        return allocThreadId;
    }

    /** @return the allocation stack, or {@code null} with {@code stack_depth=0} */
    public StackRecord allocStack() {
        return allocStack;
    }

    /**
     * @return the area's place in allocation order, from 1: a later area of the same node has a larger number,
     *     and areas of different nodes are ordered by the blocks their numbers came from; every area allocated
     *     after a {@link VmallocSpace#mark()} numbers above it ({@link AllocationOrder})
     */
    public long sequence() {
        return sequence;
    }

    /** @return whether the area was freed and waits on the purge list */
    public boolean isFreed() {
        return U.getBooleanAcquire(this, FREED);
    }

    /** @return name of the freeing thread once {@link #isFreed()} returned {@code true}, else {@code null} */
    public String freeThreadName() {
        return freeThreadName;
    }

    /** @return id of the freeing thread once {@link #isFreed()} returned {@code true} */
    public long freeThreadId() {
        return freeThreadId;
    }

    /** @return the free stack once {@link #isFreed()} returned {@code true}, or {@code null} */
    public StackRecord freeStack() {
        return freeStack;
    }

    @Override
    public String toString() {
        return "VmallocArea[" + Long.toHexString(start) + "+" + size + (isFreed() ? ", freed" : "") + "]";
    }
}
