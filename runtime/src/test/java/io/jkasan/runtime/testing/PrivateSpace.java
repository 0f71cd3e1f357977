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
    private PrivateSpace() {
    }

    /**
     * @param slot 0..7: which eighth of the arena's upper half to use
     * @param lazyMax purge threshold
     * @return the space and its counter
     */
    public static VmallocSpace create(int slot, long lazyMax) {
        long eighth = ShadowMapping.ARENA_SIZE / 16;
        long start = ShadowMapping.ARENA_START + ShadowMapping.ARENA_SIZE / 2 + slot * eighth;
        return new VmallocSpace(start, start + eighth, lazyMax, new ShadowPages(), new StackDepot(4));
    }
}
