package io.jkasan.runtime.check;

import io.jkasan.runtime.depot.Frames;
import io.jkasan.runtime.jdk.UnsafeAccess;
import io.jkasan.runtime.shadow.ShadowBytes;
import io.jkasan.runtime.shadow.ShadowMapping;
import io.jkasan.runtime.shadow.ShadowMemory;
import io.jkasan.runtime.stack.GuardedStack;
import io.jkasan.runtime.stack.StackFrameRecord;
import io.jkasan.runtime.stack.ThreadStacks;
import io.jkasan.runtime.state.RuntimeState;

/**
 * Frame operations on a guarded stack: push, allocate with redzones, pop (the compiler's stack
 * instrumentation: {@code __asan_set_shadow_f1/f2/f3} on entry, {@code f5} on return).
 *
 * <pre>
 *   low addresses                                                         high addresses
 *   │ f1 redzone │ object 2 [partial] │ f2 redzone │ object 1 │ f3 redzone │ caller's frame
 *   ^ sp                                                                   ^ frame high (sp at push)
 * </pre>
 */
public final class StackFrames {
    private static final StackWalker.StackFrame[] NO_FRAMES = new StackWalker.StackFrame[0];
    private static final boolean PUSH_SITES = RuntimeState.options().stackDepth() > 0;

    /** Redzone between objects, the kernel's and ASan's 32 bytes. */
    public static final long REDZONE = 32;

    private StackFrames() {
    }

    /**
     * Pushes a frame on the calling thread's stack.
     *
     * @param stacks the stack manager
     * @return the new frame
     */
    public static StackFrameRecord push(ThreadStacks stacks) {
        GuardedStack s = stacks.current();
        // The push site names the frame in reports; like allocation stacks it is not recorded with
        // stack_depth=0, which keeps a push free of stack walks.
        StackWalker.StackFrame[] site = PUSH_SITES ? Frames.capture(1) : NO_FRAMES;
        StackFrameRecord f = new StackFrameRecord(s.current(), site.length == 0 ? null : site[0], s.sp());
        long low = reserve(s, REDZONE);
        ShadowMemory.fill(low, REDZONE, ShadowBytes.STACK_RIGHT);
        s.dirtied(low);
        f.setLow(low);
        s.setCurrent(f);
        return f;
    }

    /**
     * Allocates {@code size} bytes in {@code f}, 8-byte aligned, with a redzone below.
     *
     * @param stacks the stack manager
     * @param f the innermost frame of the calling thread
     * @param size bytes
     * @param zero whether to zero the bytes
     * @return the address
     */
    public static long alloc(ThreadStacks stacks, StackFrameRecord f, long size, boolean zero) {
        if (size < 0) {
            throw new IllegalArgumentException("jkasan: negative stack allocation size " + size);
        }
        GuardedStack s = stacks.current();
        requireInnermost(s, f, "allocate in");
        long aligned = (size + ShadowBytes.GRANULE_MASK) & ~(long) ShadowBytes.GRANULE_MASK;
        long oldSp = s.sp();
        long low = reserve(s, aligned + REDZONE);
        long object = low + REDZONE;
        if (!f.objects().isEmpty()) {
            ShadowMemory.fill(oldSp, REDZONE, ShadowBytes.STACK_MID);   // the old left redzone is now between
        }
        ShadowMemory.fill(low, REDZONE, ShadowBytes.STACK_LEFT);
        if (object + aligned > s.dirtyLow()) {
            ShadowMemory.unpoison(object, size);                   // over shadow this owner wrote before
        } else if ((size & ShadowBytes.GRANULE_MASK) != 0) {
            // Below the dirty mark the shadow is all zero, as on a fresh stack (the kernel's assumption
            // that a task's stack starts unpoisoned): only the partial last granule needs writing.
            long tail = size & ~(long) ShadowBytes.GRANULE_MASK;
            ShadowMemory.unpoison(object + tail, size - tail);
        }
        s.dirtied(low);
        if (zero) {
            UnsafeAccess.U.setMemory(object, size, (byte) 0);
        }
        f.addObject(object, size);
        f.setLow(low);
        return object;
    }

    /**
     * Pops {@code f}, which must be the innermost frame: its memory is poisoned as after-return.
     *
     * @param stacks the stack manager
     * @param f the frame
     * @throws IllegalStateException naming both frames if {@code f} is not the innermost
     */
    public static void pop(ThreadStacks stacks, StackFrameRecord f) {
        GuardedStack s = stacks.currentIfAny();
        if (f.isPopped()) {
            throw new IllegalStateException("jkasan: " + f.describe() + " was already closed");
        }
        requireInnermost(s, f, "close");
        ShadowMemory.fill(f.low(), f.high() - f.low(), ShadowBytes.STACK_AFTER_RETURN);
        s.dirtied(f.low());
        f.markPopped();
        s.setCurrent(f.parent());
        s.setSp(f.high());
        s.remember(f);
    }

    private static void requireInnermost(GuardedStack s, StackFrameRecord f, String what) {
        StackFrameRecord top = s == null ? null : s.current();
        if (top != f) {
            boolean ours = false;
            for (StackFrameRecord p = top; p != null; p = p.parent()) {
                ours |= p == f;
            }
            if (!ours) {
                throw new IllegalStateException("jkasan: cannot " + what + " " + f.describe()
                        + ": it does not belong to the current thread's stack");
            }
            throw new IllegalStateException("jkasan: frames must be closed in LIFO order: cannot " + what + " "
                    + f.describe() + " while " + top.describe() + " is still open");
        }
    }

    /** Moves the stack pointer down by {@code bytes}, or reports the guard page hit and throws. */
    private static long reserve(GuardedStack s, long bytes) {
        long newSp = s.sp() - bytes;
        if (newSp < s.base() || newSp > s.sp()) {
            // The first page below the stack is its guard: an allocation running past the stack's base
            // faults there (a probing compiler touches it first), however far below it would have reached.
            long hit = Math.max(newSp, s.base() - ShadowMapping.PAGE_SIZE);
            throw RuntimeState.reports().stackGuardHit(newSp > s.sp() ? s.base() - 1 : hit, s.base(), s.top() - 1);
        }
        s.setSp(newSp);
        return newSp;
    }
}
