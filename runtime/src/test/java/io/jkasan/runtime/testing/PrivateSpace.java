package io.jkasan.runtime.testing;

import io.jkasan.runtime.alloc.VmallocSpace;
import io.jkasan.runtime.depot.StackDepot;
import io.jkasan.runtime.shadow.ShadowMapping;
import io.jkasan.runtime.shadow.ShadowPages;

/**
 * A vmalloc space of its own, carved from a region of the arena the shared space never reaches in these
 * tests, with its own shadow-page counter: accounting tests then count only their own pages.
 */
public final class PrivateSpace {
    /** How many regions the arena's upper half is cut into. */
    public static final int SLOTS = 16;

    private PrivateSpace() {
    }

    /**
     * @param slot 0..15: which sixteenth of the arena's upper half to use
     * @param lazyMax purge threshold
     * @return the space, one node, and its counter
     */
    public static VmallocSpace create(int slot, long lazyMax) {
        return create(slot, lazyMax, 1);
    }

    /**
     * @param slot 0..15: which sixteenth of the arena's upper half to use
     * @param lazyMax purge threshold
     * @param nodes how many nodes the space is split into
     * @return the space and its counter
     */
    public static VmallocSpace create(int slot, long lazyMax, int nodes) {
        return create(slot, lazyMax, nodes, ShadowMapping.ARENA_SIZE / (2 * SLOTS));
    }

    /**
     * @param slot 0..15: which sixteenth of the arena's upper half to use
     * @param lazyMax purge threshold
     * @param nodes how many nodes the space is split into
     * @param bytes how much of the slot the space covers, from its start
     * @return the space and its counter
     */
    public static VmallocSpace create(int slot, long lazyMax, int nodes, long bytes) {
        if (slot < 0 || slot >= SLOTS) {
            throw new IllegalArgumentException("slot " + slot + " is not in 0.." + (SLOTS - 1));
        }
        long region = ShadowMapping.ARENA_SIZE / (2 * SLOTS);
        if (bytes <= 0 || bytes > region) {
            throw new IllegalArgumentException(bytes + " bytes do not fit in a slot of " + region);
        }
        long start = ShadowMapping.ARENA_START + ShadowMapping.ARENA_SIZE / 2 + slot * region;
        return new VmallocSpace(start, start + bytes, lazyMax, new ShadowPages(), new StackDepot(4), nodes);
    }
}
