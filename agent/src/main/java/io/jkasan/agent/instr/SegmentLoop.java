package io.jkasan.agent.instr;

import java.util.List;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;

/**
 * A loop whose only calls are {@code MemorySegment} accessors on the segments in a few locals, or
 * {@code ByteBuffer} accessors on the buffers in a few locals, found by
 * {@link SegmentLoops} and bracketed by {@link SegmentLoopBracket} (docs/design.md, "Segment loops").
 *
 * @param first the first node of the loop: the head's label, with the labels, line numbers and frame at the
 *     same offset before it
 * @param backEdge the {@code GOTO head} that closes the loop
 * @param exit the label every jump out of the loop goes to, after the back edge
 * @param segments the locals holding the segments the accessors are called on, in the order first met
 * @param buffers the locals holding the buffers the accessors are called on, in the order first met
 * @param handles the {@code GETSTATIC}s or {@code ALOAD}s that load the {@code VarHandle}s the loop accesses its
 *     segments through, one per handle, to be repeated at entry; empty if it calls accessors only
 */
record SegmentLoop(AbstractInsnNode first, JumpInsnNode backEdge, LabelNode exit, List<Integer> segments,
        List<Integer> buffers, List<AbstractInsnNode> handles) {
    /** @return how many segments and buffers the entry tests */
    int sources() {
        return segments.size() + buffers.size();
    }
}
