package io.jkasan.runtime.alloc;

import jdk.internal.vm.annotation.Contended;

/**
 * Which purged areas keep their physical pages, data and shadow, and which give them back to the OS: glibc's
 * dynamic {@code mmap} threshold ({@code malloc/malloc.c}, {@code _int_free}: "See if the dynamic brk/mmap
 * threshold needs adjusting").
 *
 * <p>glibc serves a block above its threshold (128 KiB at first) with its own {@code mmap} and unmaps it at
 * {@code free}; when it frees such a block of up to 32 MiB ({@code DEFAULT_MMAP_THRESHOLD_MAX} on 64-bit),
 * it raises the threshold to that block's size, so a program that keeps allocating blocks of that size gets
 * them from the heap, whose pages it keeps, instead of paying an {@code mmap}, page faults and an
 * {@code munmap} for every one. Here areas under 1 MiB keep their pages from the start (first fit hands their
 * addresses out again soon; docs/performance.md, "Data pages kept under 1 MiB"); a larger area gives its
 * pages back at purge, as the kernel's {@code vfree} and {@code kasan_release_vmalloc} do, and raises the
 * threshold so that the next area of its size keeps them. What the program never touches is never resident,
 * so what this keeps is bounded by the address space such areas have used, as a malloc heap's is; an explicit
 * {@code Jkasan.purge()} or a purge forced by an allocation that does not fit gives everything back.
 *
 * <p>Without it, an area of 1–4 MiB took its whole shadow (an eighth of its size) back through page faults at
 * every reuse, about 75 faults of 10 µs each on the machine docs/performance.md measures (section 2, "Pages
 * kept at the size the program frees"). One per node, guarded by the node's lock.
 *
 * <p>Padded ({@link Contended}): the thread working in its node writes it on every allocation or free, and it
 * must share no cache line with the other nodes' state (docs/design.md, "Padded allocator state").
 */
@Contended
final class PageKeeping {
    /** Areas (guard page included) smaller than this keep their pages before any larger one was purged. */
    static final long INITIAL_KEEP_BELOW_BYTES = 1024 * 1024;
    /** The largest area, guard page excluded, whose purge raises the threshold: glibc's 32 MiB. */
    static final long MAX_RAISING_BYTES = 32L * 1024 * 1024;

    private long keepBelow = INITIAL_KEEP_BELOW_BYTES;

    /**
     * @param vmSize an area's size with its guard page
     * @return whether a purged area of that size keeps its pages
     */
    boolean keeps(long vmSize) {
        return vmSize < keepBelow;
    }

    /**
     * Decides for an area a purge of the program's frees reaches: it gives its pages back if it does not
     * {@link #keeps keep} them, and then, if it is no larger than {@link #MAX_RAISING_BYTES}, the next area of
     * its size keeps them.
     *
     * @param vmSize the area's size with its guard page
     * @return whether the area gives its pages back
     */
    boolean givesBack(long vmSize) {
        if (keeps(vmSize)) {
            return false;
        }
        if (vmSize - VmallocSpace.PAGE <= MAX_RAISING_BYTES) {
            keepBelow = vmSize + 1;
        }
        return true;
    }

    /** @return the size (guard page included) from which purged areas give their pages back */
    long keepBelow() {
        return keepBelow;
    }
}
