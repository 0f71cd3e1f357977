package io.jkasan.runtime.depot;

import io.jkasan.KasanFrame;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/** Captures the current thread's stack without jkasan's own frames. */
public final class Frames {
    private static final StackWalker WALKER =
            StackWalker.getInstance(EnumSet.of(StackWalker.Option.RETAIN_CLASS_REFERENCE));

    private Frames() {
    }

    /**
     * @param maxDepth the most frames to keep
     * @return the caller's frames, innermost first, jkasan frames removed
     */
    public static StackWalker.StackFrame[] capture(int maxDepth) {
        if (maxDepth <= 0) {
            return new StackWalker.StackFrame[0];
        }
        return WALKER.walk(new Collect(maxDepth));
    }

    /**
     * Collects the first frames that are not jkasan's. A named class rather than a lambda: the runtime
     * avoids invokedynamic bootstraps, which can load classes at awkward moments (style.md §5).
     */
    private static final class Collect implements Function<Stream<StackWalker.StackFrame>, StackWalker.StackFrame[]> {
        private final int maxDepth;

        Collect(int maxDepth) {
            this.maxDepth = maxDepth;
        }

        @Override
        public StackWalker.StackFrame[] apply(Stream<StackWalker.StackFrame> frames) {
            StackWalker.StackFrame[] out = new StackWalker.StackFrame[maxDepth];
            int n = 0;
            Iterator<StackWalker.StackFrame> it = frames.iterator();
            while (n < maxDepth && it.hasNext()) {
                StackWalker.StackFrame f = it.next();
                if (!OwnFrames.isOwn(f.getDeclaringClass())) {
                    out[n++] = f;
                }
            }
            return n == maxDepth ? out : Arrays.copyOf(out, n);
        }
    }

    /**
     * @param maxDepth the most frames to keep
     * @return the caller's frames resolved for a report
     */
    public static List<KasanFrame> captureResolved(int maxDepth) {
        StackWalker.StackFrame[] raw = capture(maxDepth);
        List<KasanFrame> out = new ArrayList<>(raw.length);
        for (StackWalker.StackFrame f : raw) {
            out.add(toKasanFrame(f));
        }
        return out;
    }

    /**
     * @param f a captured frame
     * @return it resolved for a report, with its original bytecode index and code length
     */
    public static KasanFrame toKasanFrame(StackWalker.StackFrame f) {
        Class<?> c = f.getDeclaringClass();
        int bci = CallSites.originalBci(c.getName(), f.getMethodName(), f.getDescriptor(), f.getByteCodeIndex());
        return new KasanFrame(c.getName(), f.getMethodName(), bci,
                CodeLengths.of(c, f.getMethodName(), f.getDescriptor()), f.getFileName(), f.getLineNumber());
    }
}
