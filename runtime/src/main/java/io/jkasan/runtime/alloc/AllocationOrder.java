package io.jkasan.runtime.alloc;

import java.util.concurrent.atomic.AtomicLong;
import jdk.internal.vm.annotation.Contended;

/**
 * The order in which areas are allocated, without a counter that every allocation writes: each node numbers its
 * areas from blocks of {@value #BLOCK} numbers it takes from the space's one counter, as per-CPU caches keep a
 * shared allocator's state off the fast path (one counter written by every allocation was a cache line both cores
 * of a two-thread program wrote each time; docs/performance.md, section 2). Areas of one node are numbered in the
 * order they were allocated, those of different nodes in the order of their blocks. Closing every node's block
 * ({@link VmallocSpace#mark()}) makes a cut: every area allocated after it numbers above the numbers handed out
 * before it.
 */
final class AllocationOrder {
    /** Numbers a node takes at once. */
    static final int BLOCK = 64;

    /** The last number handed out to a node's block. */
    private final AtomicLong handedOut = new AtomicLong();

    /**
     * One node's block of numbers and its count of areas; used under that node's lock only. Padded
     * ({@link Contended}), as every allocation writes it (docs/design.md, "Padded allocator state").
     */
    @Contended
    static final class Block {
        /** The last number given to an area. */
        private long last;
        /** The block's last number: when {@link #last} reaches it, the next area takes a new block. */
        private long end;
        /** Areas numbered from this node's blocks. */
        private long count;

        /** @return how many areas were numbered from this node's blocks */
        long count() {
            return count;
        }

        /** Gives up the rest of this block: the next area takes a new one, numbered above every earlier block. */
        void close() {
            end = last;
        }
    }

    /**
     * @param block the allocating node's block, under its lock
     * @return the next area's number, from 1
     */
    long next(Block block) {
        if (block.last == block.end) {
            long end = handedOut.addAndGet(BLOCK);
            block.last = end - BLOCK;
            block.end = end;
        }
        block.count++;
        return ++block.last;
    }

    /** @return the last number handed out to any block: no area numbered so far has a larger one */
    long handedOut() {
        return handedOut.get();
    }
}
