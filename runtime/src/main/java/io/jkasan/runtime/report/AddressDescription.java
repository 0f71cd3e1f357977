package io.jkasan.runtime.report;

import io.jkasan.KasanFrame;
import io.jkasan.runtime.alloc.VmallocArea;
import io.jkasan.runtime.alloc.VmallocSpace;
import io.jkasan.runtime.depot.CallSites;
import io.jkasan.runtime.depot.StackRecord;
import io.jkasan.runtime.alloc.ThreadIds;
import io.jkasan.runtime.stack.GuardedStack;
import io.jkasan.runtime.stack.StackFrameRecord;
import io.jkasan.runtime.stack.ThreadStacks;
import java.util.List;

/**
 * What a report says about the buggy address: the virtual mapping it belongs to, where it lies relative to
 * the requested region, and the allocation and free stacks (the kernel's {@code print_address_description}
 * and {@code describe_object_addr}). Gathered when the report is captured; printed by
 * {@link ReportRenderer}.
 */
public final class AddressDescription {
    private final long mappingStart;
    private final long mappingEnd;
    private final KasanFrame createdBy;
    private final String regionPrefix;
    private final long distance;
    private final String relation;
    private final long regionSize;
    private final long regionStart;
    private final String allocThread;
    private final List<KasanFrame> allocFrames;
    private final String freeThread;
    private final List<KasanFrame> freeFrames;
    private StackLocation stack;

    /** Where on a guarded thread stack the address lies (kernel ≥ 6.1 "belongs to stack of task"). */
    private static final class StackLocation {
        final String task;
        final long offset;
        final StackFrameRecord frame;

        StackLocation(String task, long offset, StackFrameRecord frame) {
            this.task = task;
            this.offset = offset;
            this.frame = frame;
        }
    }

    private AddressDescription(long mappingStart, long mappingEnd, KasanFrame createdBy, String regionPrefix,
            long distance, String relation, long regionSize, long regionStart, String allocThread,
            List<KasanFrame> allocFrames, String freeThread, List<KasanFrame> freeFrames) {
        this.mappingStart = mappingStart;
        this.mappingEnd = mappingEnd;
        this.createdBy = createdBy;
        this.regionPrefix = regionPrefix;
        this.distance = distance;
        this.relation = relation;
        this.regionSize = regionSize;
        this.regionStart = regionStart;
        this.allocThread = allocThread;
        this.allocFrames = allocFrames;
        this.freeThread = freeThread;
        this.freeFrames = freeFrames;
    }

    /**
     * Describes an arena address. An address past the end of one area but closer to the start of the next
     * (a left underflow landing in the previous guard page) is described against the next area, as ASan
     * picks the nearest chunk.
     *
     * @param space the vmalloc space
     * @param stacks the guarded thread stacks, for an address on one of them
     * @param titles names the creation site after the first allocation frame outside {@code skip_frames}
     *     when the agent registered no call site for the area
     * @param address the access address
     * @return the description, or {@code null} if no area is near
     */
    public static AddressDescription forArena(VmallocSpace space, ThreadStacks stacks, TitleFrames titles,
            long address) {
        VmallocArea area = space.areaContaining(address);
        VmallocArea above = space.areaAbove(address, VmallocSpace.PAGE);
        if (area == null || (address >= area.start() + area.size() && above != null
                && above.start() - address < address - (area.start() + area.size()))) {
            area = above;
        }
        if (area == null) {
            return null;
        }
        if (area.kind() == VmallocArea.Kind.THREAD_STACK) {
            AddressDescription d = forStack(stacks, area, address);
            if (d != null) {
                return d;
            }
        }
        long a = area.start();
        long b = a + area.size();
        String relation;
        long k;
        if (address < a) {
            relation = "to the left of";
            k = a - address;
        } else if (address >= b) {
            relation = "to the right of";
            k = address - b;
        } else {
            relation = "inside of";
            k = address - a;
        }
        KasanFrame site = CallSites.get(area.callSite());
        List<KasanFrame> alloc = resolve(area.allocStack());
        if (site == null) {
            site = titles.title(alloc);                         // past Unsafe, ByteBuffer.allocateDirect, ...
        }
        String freeThread = area.isFreed() ? area.freeThreadName() + "/" + area.freeThreadId() : null;
        return new AddressDescription(area.start(), area.end(), site, area.isFreed() ? "freed " : "", k, relation,
                area.size(), a, area.allocThreadName() + "/" + area.allocThreadId(), alloc, freeThread,
                area.isFreed() ? resolve(area.freeStack()) : null);
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
    public static AddressDescription forArray(String arrayType, long offset, long baseOffset, long bytes) {
        long b = baseOffset + bytes;
        String relation = offset < baseOffset ? "to the left of" : offset >= b ? "to the right of" : "inside of";
        long k = offset < baseOffset ? baseOffset - offset : offset >= b ? offset - b : offset - baseOffset;
        return new AddressDescription(0, 0, new KasanFrame(arrayType, "<elements>", -1, -1, null, -1), "", k,
                relation, bytes, baseOffset, null, null, null, null);
    }

    private static AddressDescription forStack(ThreadStacks stacks, VmallocArea area, long address) {
        GuardedStack gs = stacks.byArea(area.start());
        if (gs == null) {
            return null;
        }
        StackFrameRecord f = gs.frameAt(address);
        Thread owner = gs.owner();
        String task = owner == null ? "(exited)" : owner.getName() + "/" + ThreadIds.of(owner);
        AddressDescription d = new AddressDescription(area.start(), area.end(), null, "", 0, "inside of",
                area.size(), area.start(), null, null, null, null);
        d.stack = new StackLocation(task, f == null ? address - area.start() : address - f.low(), f);
        return d;
    }

    private static List<KasanFrame> resolve(StackRecord r) {
        return r == null ? null : r.resolve();
    }

    void render(StringBuilder out) {
        if (stack != null) {
            out.append("The buggy address belongs to stack of task ").append(stack.task).append('\n');
            if (stack.frame == null) {
                out.append(" and is located at offset ").append(stack.offset).append(" of the stack [");
                Hex.address(out, regionStart);
                out.append(", ");
                Hex.address(out, regionStart + regionSize);
                out.append(")\n\n");
                return;
            }
            StackFrameRecord f = stack.frame;
            out.append(" and is located at offset ").append(stack.offset).append(" in ")
                    .append(f.isPopped() ? "popped " : "").append("frame #").append(f.depth()).append(":\n ")
                    .append(f.pushedAt() == null ? "(unknown)" : f.pushedAt().toString()).append("\n\n");
            out.append("This frame has ").append(f.objects().size()).append(" object(s):\n");
            for (long[] o : f.objects()) {
                out.append(" [").append(o[0] - f.low()).append(", ").append(o[0] - f.low() + o[1]).append(")\n");
            }
            out.append('\n');
            return;
        }
        if (allocThread != null) {
            out.append("The buggy address belongs to the virtual mapping at\n [");
            Hex.address(out, mappingStart);
            out.append(", ");
            Hex.address(out, mappingEnd);
            out.append(") created by:\n ").append(createdBy == null ? "(unknown)" : createdBy.toString()).append("\n\n");
        } else {
            out.append("The buggy address belongs to the array ").append(createdBy.className()).append("\n\n");
        }
        out.append("The buggy address is located ").append(distance).append(" bytes ").append(relation).append('\n')
                .append(' ').append(regionPrefix).append(regionSize).append("-byte region [");
        Hex.address(out, regionStart);
        out.append(", ");
        Hex.address(out, regionStart + regionSize);
        out.append(")\n\n");
        if (allocThread != null) {
            stack(out, "Allocated by task " + allocThread + ":", allocFrames);
            if (freeThread != null) {
                stack(out, "Freed by task " + freeThread + ":", freeFrames);
            }
        }
    }

    private static void stack(StringBuilder out, String header, List<KasanFrame> frames) {
        out.append(header).append('\n');
        if (frames == null || frames.isEmpty()) {
            out.append(" (stack is not available)\n");
        } else {
            for (KasanFrame f : frames) {
                out.append(' ').append(f).append('\n');
            }
        }
        out.append('\n');
    }
}
