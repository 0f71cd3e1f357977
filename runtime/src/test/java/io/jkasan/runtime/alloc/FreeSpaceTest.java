package io.jkasan.runtime.alloc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The free-block tree: lowest-address first fit with alignment, and merging of free neighbours. */
class FreeSpaceTest {
    private static final long P = 4096;

    @Test
    void first_fit_takes_the_lowest_address() {
        FreeSpace f = new FreeSpace(0x100000, 0x100000 + 100 * P);
        assertEquals(0x100000, f.allocate(2 * P, P));
        assertEquals(0x100000 + 2 * P, f.allocate(P, P));
        f.free(0x100000, 0x100000 + 2 * P);
        assertEquals(0x100000, f.allocate(P, P), "the hole at the bottom is reused first");
        assertEquals(0x100000 + P, f.allocate(P, P));
        assertEquals(0x100000 + 3 * P, f.allocate(P, P));
    }

    @Test
    void alignment_is_honoured() {
        FreeSpace f = new FreeSpace(0x100000 + P, 0x100000 + 1000 * P);
        long a = f.allocate(5 * P, 64 * 1024);
        assertEquals(0, a % (64 * 1024));
        assertEquals(0x110000, a);
        assertEquals(0x100000 + P, f.allocate(P, P), "the part below the aligned block stays free");
    }

    @Test
    void free_merges_with_both_neighbours() {
        FreeSpace f = new FreeSpace(0, 10 * P);
        long a = f.allocate(P, P);
        long b = f.allocate(P, P);
        long c = f.allocate(P, P);
        f.free(a, a + P);
        f.free(c, c + P);
        assertArrayEquals(new long[] {0, 10 * P}, f.free(b, b + P));
        assertEquals(1, f.blocks());
        assertEquals(10 * P, f.freeBytes());
    }

    @Test
    void exhaustion_returns_minus_one() {
        FreeSpace f = new FreeSpace(0, 4 * P);
        assertEquals(0, f.allocate(4 * P, P));
        assertEquals(-1, f.allocate(P, P));
    }

    @Test
    void random_operations_match_a_linear_first_fit_model() {
        long base = 1L << 40;
        long span = 4096 * P;
        FreeSpace f = new FreeSpace(base, base + span);
        TreeMap<Long, Long> model = new TreeMap<>();           // free blocks start -> end
        model.put(base, base + span);
        Random rnd = new Random(7);
        List<long[]> live = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            if (live.isEmpty() || rnd.nextInt(5) < 3) {
                long size = (1 + rnd.nextInt(16)) * P;
                long got = f.allocate(size, P);
                long expected = -1;
                for (var e : model.entrySet()) {
                    if (e.getValue() - e.getKey() >= size) {
                        expected = e.getKey();
                        break;
                    }
                }
                assertEquals(expected, got, "step " + i);
                if (got >= 0) {
                    allocateInModel(model, got, size);
                    live.add(new long[] {got, got + size});
                }
            } else {
                long[] a = live.remove(rnd.nextInt(live.size()));
                f.free(a[0], a[1]);
                freeInModel(model, a[0], a[1]);
            }
            assertEquals(model.size(), f.blocks(), "step " + i);
        }
    }

    @Test
    void aligned_operations_keep_every_block_exact_and_never_miss_a_certain_fit() {
        // Alignments above a page make fits at a block's right edge and in its middle, where the block is clipped
        // in place or split; every step compares all blocks with a model of the free set.
        long base = 1L << 40;
        long span = 8192 * P;
        FreeSpace f = new FreeSpace(base, base + span);
        TreeMap<Long, Long> model = new TreeMap<>();           // free blocks start -> end
        model.put(base, base + span);
        Random rnd = new Random(11);
        long[] aligns = {P, 2 * P, 8 * P, 32 * P};
        List<long[]> live = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            if (live.isEmpty() || rnd.nextInt(5) < 3) {
                long size = (1 + rnd.nextInt(16)) * P;
                long align = aligns[rnd.nextInt(aligns.length)];
                Long certain = null;                           // the lowest block that fits whatever its start
                for (var e : model.entrySet()) {
                    if (e.getValue() - e.getKey() >= size + align - P) {
                        certain = e.getKey();
                        break;
                    }
                }
                long got = f.allocate(size, align);
                if (certain != null) {
                    assertTrue(got >= 0, "step " + i + ": a block certain to fit was missed");
                }
                if (got >= 0) {
                    assertEquals(0, got % align, "step " + i);
                    var block = model.floorEntry(got);
                    assertTrue(block != null && got + size <= block.getValue(), "step " + i + ": not free");
                    assertTrue(certain == null || block.getKey() <= certain, "step " + i + ": not the lowest fit");
                    allocateInModel(model, got, size);
                    live.add(new long[] {got, got + size});
                }
            } else {
                long[] a = live.remove(rnd.nextInt(live.size()));
                long[] merged = f.free(a[0], a[1]);
                assertArrayEquals(freeInModel(model, a[0], a[1]), merged, "step " + i);
            }
            List<Long> blocks = new ArrayList<>();
            f.forEach((start, end) -> {
                blocks.add(start);
                blocks.add(end);
                return 0;
            });
            List<Long> expected = new ArrayList<>();
            long free = 0;
            for (var e : model.entrySet()) {
                expected.add(e.getKey());
                expected.add(e.getValue());
                free += e.getValue() - e.getKey();
            }
            assertEquals(expected, blocks, "step " + i);
            assertEquals(free, f.freeBytes(), "step " + i);
            assertEquals(model.size(), f.blocks(), "step " + i);
        }
    }

    /**
     * Takes {@code [start, start + size)}, which lies in one free block, out of a model of the free blocks: what
     * is left of the block on either side stays free.
     */
    private static void allocateInModel(TreeMap<Long, Long> model, long start, long size) {
        var block = model.floorEntry(start);
        model.remove(block.getKey());
        if (block.getKey() < start) {
            model.put(block.getKey(), start);
        }
        if (start + size < block.getValue()) {
            model.put(start + size, block.getValue());
        }
    }

    /** Frees {@code [start, end)} in a model of the free blocks, merged with its neighbours; returns the merged block. */
    private static long[] freeInModel(TreeMap<Long, Long> model, long start, long end) {
        long s = start;
        long e = end;
        var below = model.floorEntry(s);
        if (below != null && below.getValue() == s) {
            s = below.getKey();
            model.remove(below.getKey());
        }
        Long aboveEnd = model.remove(e);
        if (aboveEnd != null) {
            e = aboveEnd;
        }
        model.put(s, e);
        return new long[] {s, e};
    }
}
