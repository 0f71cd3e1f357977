package io.jkasan;

/**
 * A snapshot of jkasan's counters (docs/usage.md, "Public API"): areas, lazily freed bytes, purges and populated shadow pages
 * (the KASAN_VMALLOC series' {@code vmalloc_shadow_pages}).
 */
public final class KasanStatistics {
    private final long liveAreas;
    private final long liveBytes;
    private final long lazyAreas;
    private final long lazyBytes;
    private final long purges;
    private final long shadowPages;
    private final long reports;
    private final long arenaSize;
    private final long unbridgedCallSites;

    /**
     * @param liveAreas live areas
     * @param liveBytes requested bytes of live areas
     * @param lazyAreas areas waiting on the purge list
     * @param lazyBytes bytes waiting on the purge list, guard pages included
     * @param purges purges so far
     * @param shadowPages populated shadow pages
     * @param reports reports made so far
     * @param arenaSize reserved size of the emulated vmalloc space
     * @param unbridgedCallSites {@code Unsafe} call sites left unchecked because no bridge serves them
     */
    public KasanStatistics(long liveAreas, long liveBytes, long lazyAreas, long lazyBytes, long purges,
            long shadowPages, long reports, long arenaSize, long unbridgedCallSites) {
        this.liveAreas = liveAreas;
        this.liveBytes = liveBytes;
        this.lazyAreas = lazyAreas;
        this.lazyBytes = lazyBytes;
        this.purges = purges;
        this.shadowPages = shadowPages;
        this.reports = reports;
        this.arenaSize = arenaSize;
        this.unbridgedCallSites = unbridgedCallSites;
    }

    /** @return live areas */
    public long liveAreas() { return liveAreas; }

    /** @return requested bytes of live areas */
    public long liveBytes() { return liveBytes; }

    /** @return areas on the purge list */
    public long lazyAreas() { return lazyAreas; }

    /** @return bytes on the purge list (guard pages included) */
    public long lazyBytes() { return lazyBytes; }

    /** @return purges so far */
    public long purges() { return purges; }

    /** @return populated shadow pages ({@code vmalloc_shadow_pages}) */
    public long shadowPages() { return shadowPages; }

    /** @return resident bytes of populated shadow: shadow pages times 4096 */
    public long shadowBytes() { return shadowPages * 4096; }

    /** @return reports made so far, printed or not */
    public long reports() { return reports; }

    /** @return reserved size of the emulated vmalloc space */
    public long arenaSize() { return arenaSize; }

    /**
     * @return {@code Unsafe} call sites the agent left as they were because no bridge serves their method on
     *     the running JDK (an unknown method): they are not checked
     */
    public long unbridgedCallSites() { return unbridgedCallSites; }

    @Override
    public String toString() {
        return "KasanStatistics[liveAreas=" + liveAreas + ", liveBytes=" + liveBytes + ", lazyAreas=" + lazyAreas
                + ", lazyBytes=" + lazyBytes + ", purges=" + purges + ", shadowPages=" + shadowPages
                + ", reports=" + reports + ", unbridgedCallSites=" + unbridgedCallSites + "]";
    }
}
