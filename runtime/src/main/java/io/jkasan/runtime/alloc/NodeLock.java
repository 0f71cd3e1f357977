package io.jkasan.runtime.alloc;

import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import jdk.internal.vm.annotation.Contended;

/**
 * A {@link VmallocNode}'s lock: reentrant and not fair, as {@link java.util.concurrent.locks.ReentrantLock}'s
 * default, in an object of the runtime's own that ends in padding ({@link Contended}). The kernel embeds each
 * {@code vmap_node}'s spinlock in the node itself (Linux 6.9, {@code mm/vmalloc.c}); a {@code ReentrantLock}
 * keeps its state in a small object of the JDK's, which a garbage collection may copy next to the other node's,
 * and then the two threads of a two-thread program, each in its own node, wrote one cache line at every lock and
 * unlock (docs/design.md, "Padded allocator state"). The padding follows the synchronizer's own fields, which
 * HotSpot lays out first, right after the header: the object before this one in memory, if it is not itself
 * padded at its end as the node's other state is, may still share their cache line.
 */
@Contended
final class NodeLock extends AbstractQueuedSynchronizer {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean tryAcquire(int acquires) {
        Thread current = Thread.currentThread();
        int held = getState();
        if (held == 0) {
            if (compareAndSetState(0, acquires)) {
                setExclusiveOwnerThread(current);
                return true;
            }
        } else if (getExclusiveOwnerThread() == current) {
            setState(held + acquires);                      // reentered by its owner
            return true;
        }
        return false;
    }

    @Override
    protected boolean tryRelease(int releases) {
        if (getExclusiveOwnerThread() != Thread.currentThread()) {
            throw new IllegalMonitorStateException(
                    "jkasan: a vmalloc node unlocked by a thread that does not hold it");
        }
        int held = getState() - releases;
        boolean free = held == 0;
        if (free) {
            setExclusiveOwnerThread(null);
        }
        setState(held);
        return free;
    }

    @Override
    protected boolean isHeldExclusively() {
        return getExclusiveOwnerThread() == Thread.currentThread();
    }

    /** @return whether the lock was free (or held by this thread) and is now held by it; never waits */
    boolean tryLock() {
        return tryAcquire(1);
    }

    /** Takes the lock, waiting while another thread holds it. */
    void lock() {
        acquire(1);
    }

    /** Releases one hold of the lock by this thread. */
    void unlock() {
        release(1);
    }
}
