package io.jkasan.runtime.report.model;

import java.util.List;

/**
 * Memory the program allocated and never freed, grouped by allocation stack, largest group first (LSan's
 * leak report, {@code lsan_common.cpp}; the kernel's kmemleak, {@code mm/kmemleak.c}).
 */
public final class LeakReport {
    private final List<LeakGroup> groups;
    private final long bytes;
    private final long objects;

    /** @param groups the groups, largest total first */
    public LeakReport(List<LeakGroup> groups) {
        this.groups = List.copyOf(groups);
        long b = 0;
        long n = 0;
        for (LeakGroup g : groups) {
            b += g.bytes();
            n += g.objects();
        }
        this.bytes = b;
        this.objects = n;
    }

    /** @return the groups, largest total first */
    public List<LeakGroup> groups() {
        return groups;
    }

    /** @return leaked bytes in all */
    public long bytes() {
        return bytes;
    }

    /** @return leaked allocations in all */
    public long objects() {
        return objects;
    }

    /** @return whether nothing leaked */
    public boolean isEmpty() {
        return groups.isEmpty();
    }
}
