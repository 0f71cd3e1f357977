package io.jkasan.runtime.stack;

import static io.jkasan.runtime.jdk.UnsafeAccess.U;

import io.jkasan.runtime.alloc.VmallocArea;
import io.jkasan.runtime.alloc.VmallocSpace;
import io.jkasan.runtime.shadow.ShadowMemory;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands out guarded stacks to threads and takes them back (the kernel's {@code alloc_thread_stack_node}
 * and {@code free_thread_stack}, {@code kernel/fork.c}).
 *
 * <p>A thread gets its stack on its first {@code push}, so idle threads, virtual ones included, cost nothing.
 * Java has no hook for thread exit, so stacks of threads that have ended are collected whenever a stack is
 * handed out (and by {@link #reap()}): each goes to a small cache (2 per CPU, as the kernel's
 * {@code cached_stacks[NR_CACHED_STACKS]}), or, when the cache is full, is freed through the normal lazy
 * path. A cached stack is unpoisoned and zeroed before its next owner sees it: the KASAN_VMALLOC series'
 * fork.c change, without which stale redzones of frames that never returned would make the next owner's
 * correct code report.
 */
public final class ThreadStacks {
    private final VmallocSpace space;
    private final long stackSize;
    private final int cacheCapacity;
    private final ArrayDeque<GuardedStack> cache = new ArrayDeque<>();
    private final List<GuardedStack> inUse = new ArrayList<>();
    private final ConcurrentHashMap<Long, GuardedStack> byStart = new ConcurrentHashMap<>();
    private final ThreadLocal<GuardedStack> mine = new ThreadLocal<>();
    private volatile boolean unpoisonOnReuse = true;
    private long created;
    private long reused;

    /**
     * @param space where stacks come from
     * @param stackSize THREAD_SIZE, a power of two
     * @param cacheCapacity cached stacks kept for reuse
     */
    public ThreadStacks(VmallocSpace space, long stackSize, int cacheCapacity) {
        this.space = space;
        this.stackSize = stackSize;
        this.cacheCapacity = cacheCapacity;
    }

    /** @return the calling thread's stack, taken now if it has none */
    public GuardedStack current() {
        GuardedStack s = mine.get();
        if (s == null) {
            s = acquire(Thread.currentThread());
            mine.set(s);
        }
        return s;
    }

    /** @return the calling thread's stack, or {@code null} if it never pushed a frame */
    public GuardedStack currentIfAny() {
        return mine.get();
    }

    private GuardedStack acquire(Thread owner) {
        GuardedStack s;
        synchronized (this) {
            reapLocked();
            s = cache.poll();
            if (s != null) {
                reused++;
            }
        }
        if (s != null) {
            if (unpoisonOnReuse) {
                // fork.c: kasan_unpoison_shadow(s->addr, THREAD_SIZE); memset(s->addr, 0, THREAD_SIZE)
                ShadowMemory.unpoison(s.base(), stackSize);
                U.setMemory(s.base(), stackSize, (byte) 0);
            }
            s.forgetHistory();
        } else {
            VmallocArea area = space.allocate(stackSize, stackSize, VmallocArea.Kind.THREAD_STACK, 0);
            s = new GuardedStack(area, stackSize);
            byStart.put(area.start(), s);
            synchronized (this) {
                created++;
            }
        }
        s.setOwner(owner);
        synchronized (this) {
            inUse.add(s);
        }
        return s;
    }

    /** Returns the stacks of threads that have ended to the cache, or frees them when it is full. */
    public synchronized void reap() {
        reapLocked();
    }

    private void reapLocked() {
        for (int i = inUse.size() - 1; i >= 0; i--) {
            GuardedStack s = inUse.get(i);
            Thread t = s.owner();
            if (t != null && !t.isAlive()) {
                inUse.remove(i);
                s.setOwner(null);
                if (cache.size() < cacheCapacity) {
                    cache.add(s);
                } else {
                    byStart.remove(s.base());
                    space.free(s.base());                     // vfree: poisoned, purged lazily
                }
            }
        }
    }

    /**
     * @param areaStart start of a THREAD_STACK area
     * @return its stack, or {@code null}
     */
    public GuardedStack byArea(long areaStart) {
        return byStart.get(areaStart);
    }

    /** @return the stack size */
    public long stackSize() {
        return stackSize;
    }

    /** @return stacks created, stacks handed out again from the cache, stacks in use, stacks cached */
    public synchronized long[] counters() {
        return new long[] {created, reused, inUse.size(), cache.size()};
    }

    /**
     * Test-only switch that turns off the unpoison-and-zero step on reuse, to show why it exists.
     *
     * @param on whether a reused stack is unpoisoned and zeroed
     */
    public void setUnpoisonOnReuseForTesting(boolean on) {
        this.unpoisonOnReuse = on;
    }
}
