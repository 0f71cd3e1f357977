package io.jkasan.agent.instr;

import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * The {@link SpanInterpreter} frames of one method, analysed when first asked for and then shared by the loop
 * finder and the grouping, until a rewrite changes the method's code. The analysis is most of what rewriting
 * a class costs, and at start-up it runs in the interpreter: a method whose loops cannot be hoisted is not
 * analysed for them, and one that no loop changed is analysed once (docs/performance.md, section 4).
 */
final class SpanFrames {
    private final String className;
    private final MethodNode method;
    private Frame<SpanValue>[] frames;
    private boolean analysed;

    /**
     * @param className internal name of the class the method belongs to
     * @param method the method
     */
    SpanFrames(String className, MethodNode method) {
        this.className = className;
        this.method = method;
    }

    /**
     * @return the values of the method's locals and stack before each of its instructions as they are now
     *     ({@link SpanInterpreter#analyze}), or {@code null} if ASM cannot analyse it
     */
    Frame<SpanValue>[] get() {
        if (!analysed) {
            frames = SpanInterpreter.analyze(className, method);
            analysed = true;
        }
        return frames;
    }

    /** Forgets the frames: the method's instructions changed, and the next {@link #get} analyses them again. */
    void invalidate() {
        frames = null;
        analysed = false;
    }
}
