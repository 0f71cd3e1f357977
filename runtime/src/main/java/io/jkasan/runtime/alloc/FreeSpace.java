package io.jkasan.runtime.alloc;

import java.util.function.LongBinaryOperator;
import jdk.internal.vm.annotation.Contended;

/**
 * The free blocks of the emulated vmalloc space, ordered by address and augmented with the largest block
 * of each subtree (the kernel's {@code free_vmap_area_root} with {@code subtree_max_size}).
 *
 * <p>A treap keyed by start address. {@link #allocate} finds the lowest-address block that fits with the
 * kernel's {@code find_vmap_lowest_match} rule: a subtree is entered only if it holds a block of at least
 * {@code size + align - PAGE}, which is certain to fit, so the search never backtracks and costs
 * O(log n); a smaller block met on the way is still taken when it fits. Freed ranges are merged with
 * adjacent free neighbours ({@code merge_or_add_vmap_area}). Not thread-safe: its {@link VmallocNode} locks.
 *
 * <p>Padded ({@link Contended}): the thread working in its node writes it on every allocation or free, and it
 * must share no cache line with the other nodes' state (docs/design.md, "Padded allocator state").
 */
@Contended
final class FreeSpace {
    private static final long PAGE = 4096;

    private static final class Node {
        long start;
        long end;
        final int priority;
        Node left;
        Node right;
        long maxSize;

        Node(long start, long end, int priority) {
            this.start = start;
            this.end = end;
            this.priority = priority;
            this.maxSize = end - start;
        }
    }

    private Node root;
    private int seed = 0x2545F491;
    private long freeBytes;
    private int blocks;

    /**
     * @param start first free address
     * @param end end of the free space
     */
    FreeSpace(long start, long end) {
        add(start, end);
    }

    /** @return total free bytes */
    long freeBytes() {
        return freeBytes;
    }

    /** @return number of free blocks */
    int blocks() {
        return blocks;
    }

    /**
     * Carves {@code size} bytes aligned to {@code align} out of the lowest-address block that fits.
     *
     * @param size page-multiple size
     * @param align power-of-two alignment, at least a page
     * @return the start address, or -1 if nothing fits
     */
    long allocate(long size, long align) {
        long need = size + align - PAGE;
        Node n = find(root, size, align, need);
        if (n == null) {
            return -1;
        }
        long start = alignUp(n.start, align);
        long end = start + size;
        long blockStart = n.start;
        long blockEnd = n.end;
        freeBytes -= size;
        // The block is clipped in place, as adjust_va_to_fit_type() clips the kernel's free vmap_area: only an
        // exact fit drops its node and only a fit in the middle makes one, so the common allocation neither
        // allocates nor restructures the tree (a new node per allocation was a fifth of the allocator's garbage).
        if (start == blockStart && end == blockEnd) {             // FL_FIT_TYPE
            root = remove(root, blockStart);
            blocks--;
        } else if (start == blockStart) {                          // LE_FIT_TYPE: the block keeps its upper part
            n.start = end;                                         // still between its neighbours: same place
            refresh(root, end);
        } else {                                                   // RE_FIT_TYPE, NE_FIT_TYPE: its lower part
            n.end = start;
            refresh(root, blockStart);
            if (end < blockEnd) {                                  // NE_FIT_TYPE: the upper part is a new block
                insertBlock(end, blockEnd);
            }
        }
        return start;
    }

    /**
     * Returns {@code [start, end)} to the free space, merged with its free neighbours, which grow in place.
     *
     * @param start start of the range
     * @param end end of the range
     * @return {@code {mergedStart, mergedEnd}}, the free region that now contains the range
     */
    long[] free(long start, long end) {
        Node below = floor(root, start - 1);
        Node above = exact(root, end);
        freeBytes += end - start;
        if (below != null && below.end == start) {
            if (above != null) {
                root = remove(root, above.start);
                blocks--;
                below.end = above.end;
            } else {
                below.end = end;
            }
            refresh(root, below.start);
            return new long[] {below.start, below.end};
        }
        if (above != null) {
            above.start = start;             // no block starts inside [start, end): it keeps its place
            refresh(root, start);
            return new long[] {start, above.end};
        }
        insertBlock(start, end);
        return new long[] {start, end};
    }

    /**
     * Calls {@code action} with {@code start, end} of every free block, lowest address first.
     *
     * @param action receives each block
     */
    void forEach(LongBinaryOperator action) {
        visit(root, action);
    }

    private static void visit(Node n, LongBinaryOperator action) {
        if (n != null) {
            visit(n.left, action);
            action.applyAsLong(n.start, n.end);
            visit(n.right, action);
        }
    }

    private void add(long start, long end) {
        insertBlock(start, end);
        freeBytes += end - start;
    }

    /** Adds a node for a free block and counts the block; its bytes are the caller's to count. */
    private void insertBlock(long start, long end) {
        root = insert(root, new Node(start, end, nextPriority()));
        blocks++;
    }

    private int nextPriority() {
        int x = seed;                              // xorshift: deterministic, so layouts are reproducible
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        seed = x;
        return x;
    }

    private static Node find(Node t, long size, long align, long need) {
        while (t != null) {
            if (t.left != null && t.left.maxSize >= need) {
                t = t.left;
                continue;
            }
            if (fits(t, size, align)) {
                return t;
            }
            t = t.right != null && t.right.maxSize >= need ? t.right : null;
        }
        return null;
    }

    private static boolean fits(Node n, long size, long align) {
        long start = alignUp(n.start, align);
        return start >= n.start && start + size <= n.end;
    }

    private static long alignUp(long a, long align) {
        return (a + align - 1) & -align;
    }

    private static long max(Node n) {
        return n == null ? 0 : n.maxSize;
    }

    private static Node update(Node n) {
        n.maxSize = Math.max(n.end - n.start, Math.max(max(n.left), max(n.right)));
        return n;
    }

    /** Recomputes the largest block of each subtree on the path from {@code t} to the node starting at {@code key}. */
    private static void refresh(Node t, long key) {
        if (key < t.start) {
            refresh(t.left, key);
        } else if (key > t.start) {
            refresh(t.right, key);
        }
        update(t);
    }

    private static Node insert(Node t, Node n) {
        if (t == null) {
            return n;
        }
        if (n.priority > t.priority) {
            Node[] parts = split(t, n.start);
            n.left = parts[0];
            n.right = parts[1];
            return update(n);
        }
        if (n.start < t.start) {
            t.left = insert(t.left, n);
        } else {
            t.right = insert(t.right, n);
        }
        return update(t);
    }

    /** Splits into keys below {@code key} and keys at or above it. */
    private static Node[] split(Node t, long key) {
        if (t == null) {
            return new Node[2];
        }
        if (t.start < key) {
            Node[] r = split(t.right, key);
            t.right = r[0];
            r[0] = update(t);
            return r;
        }
        Node[] l = split(t.left, key);
        t.left = l[1];
        l[1] = update(t);
        return l;
    }

    private static Node merge(Node a, Node b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        if (a.priority > b.priority) {
            a.right = merge(a.right, b);
            return update(a);
        }
        b.left = merge(a, b.left);
        return update(b);
    }

    private static Node remove(Node t, long start) {
        if (t == null) {
            return null;
        }
        if (t.start == start) {
            return merge(t.left, t.right);
        }
        if (start < t.start) {
            t.left = remove(t.left, start);
        } else {
            t.right = remove(t.right, start);
        }
        return update(t);
    }

    private static Node floor(Node t, long key) {
        Node best = null;
        while (t != null) {
            if (t.start <= key) {
                best = t;
                t = t.right;
            } else {
                t = t.left;
            }
        }
        return best;
    }

    private static Node exact(Node t, long key) {
        while (t != null && t.start != key) {
            t = key < t.start ? t.left : t.right;
        }
        return t;
    }
}
