package io.jkasan.runtime.stack;

import io.jkasan.runtime.alloc.VmallocArea;
import java.util.Arrays;

/**
 * One guarded thread stack (VMAP_STACK): a {@code thread_stack_size} area of the vmalloc space,
 * THREAD_SIZE-aligned, with the area's own guard page above it and, below it, the previous area's guard
 * page or free space, both always poisoned. It grows down, as x86 stacks do.
 *
 * <pre>
 *   base - PAGE     base                                    top = base + size    top + PAGE
 *   │ guard (f8)    │ ... free stack ... │ frame 2 │ frame 1 │ guard (f8)       │
 *                                        ^ sp
 * </pre>
 */
public final class GuardedStack {
    /** Popped frames remembered for stack-use-after-return reports. */
    private static final int HISTORY = 32;

    private final VmallocArea area;
    private final long base;
    private final long top;
    private long sp;
    private StackFrameRecord current;
    private Thread owner;
    private final StackFrameRecord[] popped = new StackFrameRecord[HISTORY];
    private int poppedNext;
    private long lowWater;
    /** Lowest address whose shadow this owner has written; below it the shadow is believed all zero. */
    private long dirtyLow;

    GuardedStack(VmallocArea area, long size) {
        this.area = area;
        this.base = area.start();
        this.top = area.start() + size;
        this.sp = top;
        this.lowWater = top;
        this.dirtyLow = top;
    }

    /** @return the lowest address whose shadow the current owner has written */
    public long dirtyLow() {
        return dirtyLow;
    }

    /** @param address the lowest address whose shadow was just written */
    public void dirtied(long address) {
        if (address < dirtyLow) {
            dirtyLow = address;
        }
    }

    /** @return the area the stack lives in */
    public VmallocArea area() {
        return area;
    }

    /** @return lowest usable address */
    public long base() {
        return base;
    }

    /** @return one past the highest usable address */
    public long top() {
        return top;
    }

    /** @return the current stack pointer */
    public long sp() {
        return sp;
    }

    /** @param sp the new stack pointer */
    public void setSp(long sp) {
        this.sp = sp;
        if (sp < lowWater) {
            lowWater = sp;
        }
    }

    /** @return the deepest the stack pointer has been */
    public long lowWater() {
        return lowWater;
    }

    /** @return the innermost open frame, or {@code null} */
    public StackFrameRecord current() {
        return current;
    }

    /** @param f the new innermost open frame, or {@code null} */
    public void setCurrent(StackFrameRecord f) {
        this.current = f;
    }

    /** @return the thread that owns the stack now, or {@code null} while it is cached */
    public synchronized Thread owner() {
        return owner;
    }

    synchronized void setOwner(Thread t) {
        this.owner = t;
    }

    /** @param f a frame just popped, remembered for stack-use-after-return reports */
    public synchronized void remember(StackFrameRecord f) {
        popped[poppedNext] = f;
        poppedNext = (poppedNext + 1) % HISTORY;
    }

    synchronized void forgetHistory() {
        Arrays.fill(popped, null);
        current = null;
        sp = top;
        lowWater = top;
        dirtyLow = top;                    // a new owner believes its stack clean, as a new task does
    }

    /**
     * @param address an address of this stack
     * @return the open or most recently popped frame that covered it, or {@code null}
     */
    public synchronized StackFrameRecord frameAt(long address) {
        for (StackFrameRecord f = current; f != null; f = f.parent()) {
            if (address >= f.low() && address < f.high()) {
                return f;
            }
        }
        for (int i = 1; i <= HISTORY; i++) {
            StackFrameRecord f = popped[(poppedNext - i + HISTORY) % HISTORY];
            if (f != null && address >= f.low() && address < f.high()) {
                return f;
            }
        }
        return null;
    }
}
