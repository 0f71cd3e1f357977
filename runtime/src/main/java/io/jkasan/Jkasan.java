package io.jkasan;

import io.jkasan.runtime.alloc.AllocationCut;
import io.jkasan.runtime.alloc.VmallocArea;
import io.jkasan.runtime.alloc.VmallocSpace;
import io.jkasan.runtime.check.AccessChecker;
import io.jkasan.runtime.depot.CallSites;
import io.jkasan.runtime.hooks.UnbridgedCallSites;
import io.jkasan.runtime.report.LeakScanner;
import io.jkasan.runtime.report.model.LeakReport;
import io.jkasan.runtime.report.text.LeakText;
import io.jkasan.runtime.shadow.ShadowBytes;
import io.jkasan.runtime.shadow.ShadowMapping;
import io.jkasan.runtime.shadow.ShadowMemory;
import io.jkasan.runtime.state.RuntimeState;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * jkasan's public API (docs/usage.md, "Public API"): manual poisoning for custom allocators and pools, reports as data with a
 * listener hook, and statistics.
 *
 * <pre>
 *   long chunk = pool.take();
 *   Jkasan.unpoison(chunk, 64);       // hand out 64 bytes
 *   ...
 *   Jkasan.poison(chunk, 64);         // back in the pool: any access reports use-after-poison
 * </pre>
 */
public final class Jkasan {
    private Jkasan() {
    }

    /**
     * Poisons {@code [address, address + size)}, rounded out to whole 8-byte granules, so that any checked
     * access reports {@code use-after-poison} (ASan's {@code ASAN_POISON_MEMORY_REGION}).
     *
     * @param address 8-byte aligned address inside a live area jkasan allocated
     * @param size bytes, not beyond the area's requested size
     * @throws IllegalArgumentException if the range is not inside one live area or is misaligned
     */
    public static void poison(long address, long size) {
        requireLiveRange(address, size);
        ShadowMemory.fill(address, size, ShadowBytes.USER_POISONED);
    }

    /**
     * Makes exactly {@code size} bytes at {@code address} accessible again (ASan's
     * {@code ASAN_UNPOISON_MEMORY_REGION}); a partial last granule is encoded exactly.
     *
     * @param address 8-byte aligned address inside a live area jkasan allocated
     * @param size bytes, not beyond the area's requested size
     * @throws IllegalArgumentException if the range is not inside one live area or is misaligned
     */
    public static void unpoison(long address, long size) {
        requireLiveRange(address, size);
        ShadowMemory.unpoison(address, size);
    }

    /**
     * @param address any address
     * @return whether a 1-byte access there would be reported
     */
    public static boolean isPoisoned(long address) {
        return ShadowMapping.inArena(address)
                && AccessChecker.poisonedInArena(address, 1);
    }

    private static void requireLiveRange(long address, long size) {
        if (size < 0) {
            throw new IllegalArgumentException("jkasan: negative size " + size);
        }
        if ((address & ShadowBytes.GRANULE_MASK) != 0) {
            throw new IllegalArgumentException("jkasan: address " + Long.toHexString(address)
                    + " is not 8-byte aligned (shadow granularity)");
        }
        VmallocArea area = ShadowMapping.inArena(address) ? RuntimeState.space().areaForPoisoning(address) : null;
        if (area == null || area.isFreed()) {
            throw new IllegalArgumentException("jkasan: address " + Long.toHexString(address)
                    + " is not inside a live allocation made by jkasan");
        }
        if (address + size > area.start() + area.size()) {
            throw new IllegalArgumentException("jkasan: range [" + Long.toHexString(address) + ", +" + size
                    + ") ends past the " + area.size() + "-byte allocation at " + Long.toHexString(area.start()));
        }
    }

    /** @return every report made so far, oldest first, printed or not */
    public static List<KasanReport> reports() {
        return RuntimeState.reporter().reports();
    }

    /** Forgets the recorded reports (for test harnesses between tests). */
    public static void clearReports() {
        RuntimeState.reporter().clearReports();
    }

    /** @param listener called on the reporting thread after each report */
    public static void addReportListener(Consumer<KasanReport> listener) {
        RuntimeState.reporter().addListener(listener);
    }

    /** @param listener a listener added before */
    public static void removeReportListener(Consumer<KasanReport> listener) {
        RuntimeState.reporter().removeListener(listener);
    }

    /**
     * Marks a report as one the test expected (the kernel's {@code KUNIT_EXPECT_KASAN_FAIL}): it stays in
     * {@link #reports()} and the counts, but the exit summary lists it as expected and it does not turn the
     * exit status into {@code exitcode} (docs/usage.md, "Exit status"). Marking a report twice has no
     * further effect.
     *
     * @param report a report jkasan made in this JVM
     */
    public static void markExpected(KasanReport report) {
        RuntimeState.reporter().markExpected(report);
    }

    /**
     * Takes a mark in the program's allocations: allocations made after it, by any thread, are the ones
     * {@link #liveAllocationsSince} and {@link #leaksSince} return. For a per-test leak check, take a mark
     * before the test and ask for {@link #leaksSince} after it.
     *
     * @return the mark
     */
    public static AllocationMark allocationMark() {
        AllocationCut cut = RuntimeState.space().mark();
        return new AllocationMark(cut.count(), cut.lastSequence());
    }

    /**
     * The program's own memory allocated after {@code mark} and still allocated: memory made by
     * {@code Unsafe.allocateMemory} at a call site of the application and neither freed nor reallocated.
     * Thread stacks and memory the JDK allocates for objects the garbage collector frees (direct buffers)
     * are never included.
     *
     * @param mark a mark from {@link #allocationMark()}
     * @return the live allocations, oldest first
     */
    public static List<KasanAllocation> liveAllocationsSince(AllocationMark mark) {
        List<KasanAllocation> out = new ArrayList<>();
        for (VmallocArea a : scanner().liveSince(mark.lastSequence())) {
            out.add(new KasanAllocation(a.start(), a.size(), a.allocThreadName(), a.allocThreadId(),
                    CallSites.get(a.callSite()), a.allocStack() == null ? List.of() : a.allocStack().resolve()));
        }
        return out;
    }

    /**
     * {@link #liveAllocationsSince} with the leak report jkasan prints for them at exit, grouped by
     * allocation stack: what a test harness shows when a test leaked. Folding of test-framework frames
     * follows {@code fold_frames}.
     *
     * @param mark a mark from {@link #allocationMark()}
     * @return the leaks; {@link KasanLeaks#isEmpty()} if there are none
     */
    public static KasanLeaks leaksSince(AllocationMark mark) {
        LeakScanner scanner = scanner();
        List<VmallocArea> live = scanner.liveSince(mark.lastSequence());
        LeakReport report = scanner.group(live);
        List<KasanAllocation> out = new ArrayList<>();
        for (VmallocArea a : live) {
            out.add(new KasanAllocation(a.start(), a.size(), a.allocThreadName(), a.allocThreadId(),
                    CallSites.get(a.callSite()), a.allocStack() == null ? List.of() : a.allocStack().resolve()));
        }
        return new KasanLeaks(out, report.isEmpty() ? "" : LeakText.render(report));
    }

    private static LeakScanner scanner() {
        return new LeakScanner(RuntimeState.space(), RuntimeState.options().foldFrames());
    }

    /** @return the current counters */
    public static KasanStatistics statistics() {
        VmallocSpace.Stats s = RuntimeState.space().stats();
        return new KasanStatistics(s.liveAreas, s.liveBytes, s.lazyAreas, s.lazyBytes, s.purges, s.shadowPages,
                RuntimeState.reporter().count(), ShadowMapping.ARENA_SIZE, UnbridgedCallSites.count());
    }

    /** Purges every lazily freed area now: their address space and shadow become reusable. */
    public static void purge() {
        RuntimeState.space().purge();
    }
}
