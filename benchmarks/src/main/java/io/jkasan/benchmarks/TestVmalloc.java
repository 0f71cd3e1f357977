package io.jkasan.benchmarks;

import java.util.SplittableRandom;
import sun.misc.Unsafe;

/**
 * One loop iteration of each test of Linux 5.5 {@code lib/test_vmalloc.c}, written with
 * {@code sun.misc.Unsafe} as user code would: {@code vmalloc} is {@code allocateMemory}, {@code vfree} is
 * {@code freeMemory}, "touch" is a one-byte store to the first byte.
 *
 * <p>{@code Unsafe} has no aligned allocation, so the two {@code __vmalloc_node_range(size, align, ...)}
 * tests over-allocate {@code size + align} bytes and round the pointer up, as a user-space caller does; the
 * raw pointer is what is freed. Random sizes and alignments are precomputed so that the generator is not
 * timed (the kernel calls {@code get_random_bytes}/{@code prandom_u32} inside the loop).
 */
final class TestVmalloc {
    static final Unsafe U = Unsafes.UNSAFE;
    static final long PAGE = 4096;
    /** x86-64 THREAD_SIZE under KASAN (32 KiB); fix_align_alloc_test uses THREAD_ALIGN << 1. */
    static final long THREAD_ALIGN = 32 << 10;
    /** Live 1-page areas of long_busy_list_alloc_test. */
    static final int BUSY_LIST = 15000;
    static final int RANDOM_TABLE = 1 << 12;
    /** Smallest and largest size of the small-objects pattern: the sizes of kmalloc's and malloc's small classes. */
    static final int SMALL_MIN = 16;
    static final int SMALL_MAX = 256;

    private final int[] randomPages = new int[RANDOM_TABLE];        // 1..100
    private final int[] alignPages = new int[RANDOM_TABLE];         // 1..10
    private final long[] aligns = new long[RANDOM_TABLE];           // 1 << (rnd % 23)
    private final int[] smallSizes = new int[RANDOM_TABLE];         // 16..256 bytes
    private int next;

    TestVmalloc(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < RANDOM_TABLE; i++) {
            randomPages[i] = rnd.nextInt(100) + 1;
            aligns[i] = 1L << rnd.nextInt(23);
            alignPages[i] = rnd.nextInt(10) + 1;
            smallSizes[i] = SMALL_MIN + rnd.nextInt(SMALL_MAX - SMALL_MIN + 1);
        }
    }

    /**
     * full_fit_alloc_test's junk_length: {@code fls(ncpu) * (32 MiB / PAGE_SIZE)}, i.e. exactly
     * {@code lazy_max_pages()}.
     */
    static int junkLength() {
        int ncpu = Runtime.getRuntime().availableProcessors();
        return (32 - Integer.numberOfLeadingZeros(ncpu)) * (int) ((32 << 20) / PAGE);
    }

    /** fix_size_alloc_test: vmalloc(pages), touch, vfree. */
    static void fixSize(int pages) {
        long p = U.allocateMemory(pages * PAGE);
        U.putByte(p, (byte) 0);
        U.freeMemory(p);
    }

    /** random_size_alloc_test: n pages, n random in 1..100, touch, vfree. */
    void randomSize() {
        int n = randomPages[next++ & (RANDOM_TABLE - 1)];
        long p = U.allocateMemory(n * PAGE);
        U.putByte(p, (byte) 1);
        U.freeMemory(p);
    }

    /**
     * Small objects, a pattern test_vmalloc does not have (vmalloc is page-granular) but user code on
     * {@code Unsafe} does: a random size of 16..256 bytes, touch the first and last byte, free. Under the agent
     * each object is still a one-page area with a guard page.
     */
    void smallObject() {
        int n = smallSizes[next++ & (RANDOM_TABLE - 1)];
        long p = U.allocateMemory(n);
        U.putByte(p, (byte) 1);
        U.putByte(p + n - 1, (byte) 2);
        U.freeMemory(p);
    }

    /** fix_align_alloc_test: 5 pages aligned to THREAD_ALIGN << 1, touch, vfree. */
    static void fixAlign() {
        long align = THREAD_ALIGN << 1;
        long raw = U.allocateMemory(5 * PAGE + align);
        long p = (raw + align - 1) & -align;
        U.putByte(p, (byte) 0);
        U.freeMemory(raw);
    }

    /** random_size_align_alloc_test: 1..10 pages aligned to 1 << (rnd % 23), vfree (no touch, as the kernel). */
    long randomSizeAlign() {
        int i = next++ & (RANDOM_TABLE - 1);
        long align = aligns[i];
        long raw = U.allocateMemory(alignPages[i] * PAGE + align);
        long p = (raw + align - 1) & -align;
        U.freeMemory(raw);
        return p;
    }

    /** The loop body of long_busy_list_alloc_test (after 15000 live 1-page areas): 100 pages + 1 page. */
    static void busyListStep() {
        long p1 = U.allocateMemory(100 * PAGE);
        long p2 = U.allocateMemory(PAGE);
        U.putByte(p1, (byte) 0);
        U.putByte(p2, (byte) 1);
        U.freeMemory(p1);
        U.freeMemory(p2);
    }

    /** The loop body of full_fit_alloc_test: 1 page into a hole, touch, vfree. */
    static void fullFitStep() {
        long p = U.allocateMemory(PAGE);
        U.putByte(p, (byte) 1);
        U.freeMemory(p);
    }

    /** @return {@code n} live 1-page areas */
    static long[] allocPages(int n) {
        long[] a = new long[n];
        for (int i = 0; i < n; i++) {
            a[i] = U.allocateMemory(PAGE);
        }
        return a;
    }

    /**
     * full_fit_alloc_test's set-up: allocate {@code 2 * junk} pages interleaved, free every junk one.
     *
     * @return the pages that stay live
     */
    static long[] fullFitSetUp(int junk) {
        long[] keep = new long[junk];
        long[] holes = new long[junk];
        for (int i = 0; i < junk; i++) {
            keep[i] = U.allocateMemory(PAGE);
            holes[i] = U.allocateMemory(PAGE);
        }
        freeAll(holes);
        return keep;
    }

    static void freeAll(long[] a) {
        for (long p : a) {
            U.freeMemory(p);
        }
    }
}
