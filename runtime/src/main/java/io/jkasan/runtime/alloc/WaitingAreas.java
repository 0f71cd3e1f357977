package io.jkasan.runtime.alloc;

import java.util.Arrays;
import java.util.List;
import jdk.internal.vm.annotation.Contended;

/**
 * The freed areas of one {@link VmallocNode} that wait in the quarantine, in no order: what a double free and a
 * report about freed memory look up. Linux 5.5 keeps them the same way, on an unordered list
 * ({@code vmap_purge_list}, an {@code llist}), not in a tree.
 *
 * <p>Adding and removing cost O(1) (each area knows its slot; a removal moves the last area into it), so a free
 * and a purge touch no tree. A lookup scans the starts and ends, kept in two primitive arrays beside the areas:
 * only double and invalid frees and reports look up waiting areas, and a scan of the 131,072 one-page areas the
 * default {@code lazy_max} holds reads 2 MiB of contiguous memory. Ordered in a {@code TreeMap}, these areas
 * cost an insertion at every free and a removal at every purge, about a third of a small allocation and free
 * (docs/performance.md, section 2, "Freed areas in a bag"). Not thread-safe: its node's lock guards it.
 *
 * <p>Padded ({@link Contended}): the thread working in its node writes it on every allocation or free, and it
 * must share no cache line with the other nodes' state (docs/design.md, "Padded allocator state").
 */
@Contended
final class WaitingAreas {
    private static final int INITIAL = 64;

    private VmallocArea[] areas = new VmallocArea[INITIAL];
    private long[] starts = new long[INITIAL];
    private long[] ends = new long[INITIAL];
    private int size;

    /** @return the number of waiting areas */
    int size() {
        return size;
    }

    /** @param area a freed area of this node, not waiting yet */
    void add(VmallocArea area) {
        if (size == areas.length) {
            resize(size * 2);
        }
        areas[size] = area;
        starts[size] = area.start();
        ends[size] = area.end();
        area.waitingSlot = size;
        size++;
    }

    /** @param area a waiting area of this node, which leaves */
    void remove(VmallocArea area) {
        int slot = area.waitingSlot;
        int last = --size;
        if (slot != last) {
            VmallocArea moved = areas[last];
            areas[slot] = moved;
            starts[slot] = starts[last];
            ends[slot] = ends[last];
            moved.waitingSlot = slot;
        }
        areas[last] = null;
        area.waitingSlot = -1;
        if (areas.length > INITIAL && size < areas.length / 4) {
            resize(areas.length / 2);
        }
    }

    /** @return the waiting area starting at {@code address}, or {@code null} */
    VmallocArea startingAt(long address) {
        for (int i = 0; i < size; i++) {
            if (starts[i] == address) {
                return areas[i];
            }
        }
        return null;
    }

    /** @return the waiting area whose mapping (guard included) contains {@code address}, or {@code null} */
    VmallocArea containing(long address) {
        for (int i = 0; i < size; i++) {
            if (address >= starts[i] && address < ends[i]) {
                return areas[i];
            }
        }
        return null;
    }

    /** Adds the waiting areas whose mappings (guard included) overlap {@code [from, to)} to {@code into}. */
    void overlapping(long from, long to, List<VmallocArea> into) {
        for (int i = 0; i < size; i++) {
            if (starts[i] < to && ends[i] > from) {
                into.add(areas[i]);
            }
        }
    }

    /** @return the waiting area with the least start at or above {@code address}, or {@code null} */
    VmallocArea lowestAtOrAbove(long address) {
        int best = -1;
        for (int i = 0; i < size; i++) {
            if (starts[i] >= address && (best < 0 || starts[i] < starts[best])) {
                best = i;
            }
        }
        return best < 0 ? null : areas[best];
    }

    private void resize(int capacity) {
        areas = Arrays.copyOf(areas, capacity);
        starts = Arrays.copyOf(starts, capacity);
        ends = Arrays.copyOf(ends, capacity);
    }
}
