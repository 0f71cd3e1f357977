package io.jkasan.runtime.report;

import io.jkasan.KasanFrame;
import io.jkasan.runtime.alloc.ThreadIds;
import io.jkasan.runtime.alloc.VmallocArea;
import io.jkasan.runtime.alloc.VmallocSpace;
import io.jkasan.runtime.depot.CallSites;
import io.jkasan.runtime.depot.StackRecord;
import io.jkasan.runtime.report.model.AddressDescription;
import io.jkasan.runtime.report.model.AreaDescription;
import io.jkasan.runtime.report.model.ArrayDescription;
import io.jkasan.runtime.report.model.RegionPosition;
import io.jkasan.runtime.report.model.StackAreaDescription;
import io.jkasan.runtime.report.model.StackFrameDescription;
import io.jkasan.runtime.report.model.StackObject;
import io.jkasan.runtime.report.model.Task;
import io.jkasan.runtime.report.model.Track;
import io.jkasan.runtime.report.model.Trace;
import io.jkasan.runtime.report.model.UnownedAddress;
import io.jkasan.runtime.stack.GuardedStack;
import io.jkasan.runtime.stack.StackFrameRecord;
import io.jkasan.runtime.stack.ThreadStacks;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Gathers what a report says about the buggy address from the vmalloc space and the thread stacks (the
 * kernel's {@code print_address_description}; ASan's {@code asan_descriptions.cpp}): the owning area and
 * its tracks, the array, or the thread-stack frame. It reads live state once, on the faulting thread, and
 * returns an immutable {@link AddressDescription}; rendering never reads live state.
 */
final class AddressDescriber {
    private final VmallocSpace space;
    private final ThreadStacks stacks;
    private final FrameFolding folding;
    private final TitleFrames titles;

    /**
     * @param space the vmalloc space
     * @param stacks the guarded thread stacks
     * @param folding how allocation and free stacks are folded
     * @param titles names the creation site after the first allocation frame outside {@code skip_frames}
     *     when the agent registered no call site for the area
     */
    AddressDescriber(VmallocSpace space, ThreadStacks stacks, FrameFolding folding, TitleFrames titles) {
        this.space = space;
        this.stacks = stacks;
        this.folding = folding;
        this.titles = titles;
    }

    /**
     * Describes an arena address. An address past the end of one area but closer to the start of the next
     * (a left underflow landing in the previous guard page) is described against the next area, as ASan
     * picks the nearest chunk.
     *
     * @param address the access address
     * @return the description; {@link UnownedAddress} if no area is near
     */
    AddressDescription arena(long address) {
        VmallocArea area = space.areaContaining(address);
        VmallocArea above = space.areaAbove(address, VmallocSpace.PAGE);
        if (area == null || (address >= area.start() + area.size() && above != null
                && above.start() - address < address - (area.start() + area.size()))) {
            area = above;
        }
        if (area == null) {
            return UnownedAddress.at(UnownedAddress.Where.VMALLOC);
        }
        if (area.kind() == VmallocArea.Kind.THREAD_STACK) {
            AddressDescription d = stack(area, address);
            if (d != null) {
                return d;
            }
        }
        List<KasanFrame> alloc = resolve(area.allocStack());
        KasanFrame site = CallSites.get(area.callSite());
        if (site == null) {
            site = titles.title(alloc);                         // past Unsafe, ByteBuffer.allocateDirect, ...
        }
        Track allocated = new Track(new Task(area.allocThreadName(), area.allocThreadId()), folding.fold(alloc));
        Optional<Track> freed = area.isFreed()
                ? Optional.of(new Track(new Task(area.freeThreadName(), area.freeThreadId()),
                        folding.fold(resolve(area.freeStack()))))
                : Optional.empty();
        return new AreaDescription(area.start(), area.end(), Optional.ofNullable(site),
                RegionPosition.of(address, area.start(), area.size()), allocated, freed);
    }

    /**
     * Describes an offset into a Java array used as an {@code Unsafe} base.
     *
     * @param arrayType e.g. {@code int[4]}
     * @param offset the offset used
     * @param baseOffset the array's base offset
     * @param bytes the array's element bytes
     * @return the description
     */
    static ArrayDescription array(String arrayType, long offset, long baseOffset, long bytes) {
        return new ArrayDescription(arrayType, RegionPosition.of(offset, baseOffset, bytes));
    }

    private AddressDescription stack(VmallocArea area, long address) {
        GuardedStack gs = stacks.byArea(area.start());
        if (gs == null) {
            return null;
        }
        Thread thread = gs.owner();
        Optional<Task> owner = thread == null ? Optional.empty()
                : Optional.of(new Task(thread.getName(), ThreadIds.of(thread)));
        StackFrameRecord f = gs.frameAt(address);
        if (f == null) {
            return new StackAreaDescription(owner, address - area.start(), area.start(), area.size());
        }
        List<StackObject> objects = new ArrayList<>();
        for (long[] o : f.objects()) {
            objects.add(new StackObject(o[0] - f.low(), o[0] - f.low() + o[1]));
        }
        return new StackFrameDescription(owner, address - f.low(), f.depth(), f.isPopped(),
                Optional.ofNullable(f.pushedAt()), objects);
    }

    private static List<KasanFrame> resolve(StackRecord r) {
        return r == null ? List.of() : r.resolve();
    }
}
