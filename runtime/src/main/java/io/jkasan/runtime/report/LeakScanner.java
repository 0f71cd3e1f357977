package io.jkasan.runtime.report;

import io.jkasan.KasanFrame;
import io.jkasan.runtime.alloc.VmallocArea;
import io.jkasan.runtime.alloc.VmallocSpace;
import io.jkasan.runtime.depot.CallSites;
import io.jkasan.runtime.depot.StackRecord;
import io.jkasan.runtime.report.model.LeakGroup;
import io.jkasan.runtime.report.model.LeakReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds the program's memory that is still allocated and groups it by allocation stack (LSan's
 * {@code CollectLeaks} and {@code LeakReport::AddLeakedChunks} in {@code lsan_common.cpp}).
 *
 * <p>Unlike LSan and kmemleak, jkasan does not scan memory for pointers to an allocation: Java keeps
 * addresses in {@code long}s, which no scan can tell from numbers. Every live allocation of the program's
 * own memory ({@link ApplicationMemory}) is therefore reported, which is why leak detection is opt-in
 * ({@code detect_leaks}) and meant for the end of a program or of a test.
 */
public final class LeakScanner {
    // Named comparators rather than lambdas: the runtime avoids invokedynamic bootstraps (see Frames).
    private static final Comparator<VmallocArea> BY_SEQUENCE = new Comparator<VmallocArea>() {
        @Override
        public int compare(VmallocArea a, VmallocArea b) {
            return Long.compare(a.sequence(), b.sequence());
        }
    };
    private static final Comparator<LeakGroup> LARGEST_FIRST = new Comparator<LeakGroup>() {
        @Override
        public int compare(LeakGroup a, LeakGroup b) {
            return Long.compare(b.bytes(), a.bytes());
        }
    };

    private final VmallocSpace space;
    private final FrameFolding folding;

    /**
     * @param space the vmalloc space
     * @param foldFrames the {@code fold_frames} option
     */
    public LeakScanner(VmallocSpace space, boolean foldFrames) {
        this.space = space;
        this.folding = FrameFolding.of(foldFrames);
    }

    /**
     * @param afterSequence only areas numbered above this count ({@code VmallocSpace.mark()}'s last sequence
     *     number); 0 for all
     * @return the live areas of the program's own memory allocated since then, oldest first
     */
    public List<VmallocArea> liveSince(long afterSequence) {
        List<VmallocArea> out = new ArrayList<>();
        for (VmallocArea a : space.liveAreas()) {
            if (a.sequence() > afterSequence && ApplicationMemory.isApplicationMemory(a)) {
                out.add(a);
            }
        }
        out.sort(BY_SEQUENCE);
        return out;
    }

    /**
     * @param areas live areas
     * @return them grouped by allocation stack (or, without stacks, by call site), largest total first
     */
    public LeakReport group(List<VmallocArea> areas) {
        Map<Key, long[]> totals = new LinkedHashMap<>();
        Map<Key, VmallocArea> first = new LinkedHashMap<>();
        for (VmallocArea a : areas) {
            Key k = new Key(a.allocStack(), a.allocStack() == null ? a.callSite() : 0);
            long[] t = totals.get(k);
            if (t == null) {
                t = new long[2];
                totals.put(k, t);
                first.put(k, a);
            }
            t[0] += a.size();
            t[1]++;
        }
        List<LeakGroup> groups = new ArrayList<>();
        for (Map.Entry<Key, long[]> e : totals.entrySet()) {
            VmallocArea a = first.get(e.getKey());
            List<KasanFrame> frames = a.allocStack() == null ? List.of() : a.allocStack().resolve();
            KasanFrame site = CallSites.get(a.callSite());
            if (site == null && !frames.isEmpty()) {
                site = frames.get(0);
            }
            groups.add(new LeakGroup(e.getValue()[0], e.getValue()[1], Optional.ofNullable(site),
                    folding.fold(frames)));
        }
        // LSan prints the largest leaks first; equal totals keep allocation order (the sort is stable).
        groups.sort(LARGEST_FIRST);
        return new LeakReport(groups);
    }

    /** A group: one depot stack, or one call site when stacks are not recorded. */
    private static final class Key {
        private final StackRecord stack;
        private final int callSite;

        Key(StackRecord stack, int callSite) {
            this.stack = stack;
            this.callSite = callSite;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && Objects.equals(((Key) o).stack, stack) && ((Key) o).callSite == callSite;
        }

        @Override
        public int hashCode() {
            return Objects.hashCode(stack) * 31 + callSite;
        }
    }
}
