package io.jkasan.agent.instr;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Brackets each {@link SegmentLoop} of a method with the runtime's entry and exit (docs/design.md, "Segment
 * loops"): on entry, one check of each whole segment or buffer, which suspends this thread's funnel checks if
 * every byte of them is accessible; on every way out, the checks resume.
 *
 * <pre>
 *   ALOAD segment; IFNULL head                     a null segment: the loop's own call throws, as before
 *   [GETSTATIC handle | ALOAD handle]              stack: ..., [handle]     a loop through a VarHandle
 *   ALOAD segment; INVOKEINTERFACE isNative ()Z    stack: ..., [handle,] native
 *   ALOAD segment; INVOKEINTERFACE address ()J     stack: ..., native, address
 *   ALOAD segment; INVOKEINTERFACE byteSize ()J    stack: ..., native, address, size
 *   INVOKESTATIC AccessChecker.enterSegmentLoop ([Ljava/lang/Object;]ZJJ)V     stack: ...
 *   (the same for each further segment, without the handle, calling narrowSegmentLoop (ZJJ)V; its IFNULL
 *   goes to cancel)
 *   ALOAD buffer; IFNULL head|cancel               each buffer; the first enters, unless a segment did
 *   ALOAD buffer; INVOKESTATIC AccessChecker.enterBufferLoop|narrowBufferLoop (Ljava/nio/ByteBuffer;)V
 *   [GETSTATIC | ALOAD] further handle; INVOKESTATIC narrowSegmentLoop (Ljava/lang/Object;)V   for each one
 * start:
 * head:  the loop, unchanged but for its exits, which now jump to exit'
 *        GOTO head
 * end:
 * exit': [the exit's frame]
 *        INVOKESTATIC AccessChecker.exitSegmentLoop ()V
 *        GOTO exit
 * cancel: [the head's frame]                    loops over more than one segment or buffer
 *        INVOKESTATIC AccessChecker.exitSegmentLoop ()V
 *        GOTO head
 * ...
 * handler: [no locals; stack: Throwable]           try [start, end) catch any, first in the table
 *        INVOKESTATIC AccessChecker.exitSegmentLoop ()V
 *        ATHROW                                    the exception goes on as before
 * </pre>
 *
 * <p>The handler has no locals in its frame, so every instruction of the loop may throw into it whatever its
 * locals hold; it is first in the exception table, the innermost, since no range starts or ends inside the
 * loop. The exit stub carries a copy of the exit's expanded frame, which the loop's jumps out already satisfy.
 */
final class SegmentLoopBracket {
    /** Internal name of the class holding the entry and exit. */
    private static final String CHECKER = MergedCheckRewriter.CHECKER;
    /** Stack slots the entry needs above the head's stack: a handle, a boolean and two longs. */
    static final int ENTRY_STACK = 6;

    private SegmentLoopBracket() {
    }

    /**
     * @param className internal name of the class being rewritten
     * @param finalHandles the names of the class's {@code static final VarHandle} fields
     * @param method the method
     * @param inserted receives every invoke instruction added
     * @return the number of loops bracketed
     */
    static int bracket(String className, Set<String> finalHandles, MethodNode method,
            Set<AbstractInsnNode> inserted) {
        List<SegmentLoop> loops = SegmentLoops.find(className, finalHandles, method);
        for (SegmentLoop loop : loops) {
            FrameNode exitFrame = frameAt(loop.exit());
            FrameNode headFrame = frameAt((LabelNode) loop.backEdge().label);
            if (exitFrame == null || headFrame == null) {
                continue;                              // cannot happen with expanded frames: left alone
            }
            LabelNode start = new LabelNode();
            LabelNode end = new LabelNode();
            LabelNode stub = new LabelNode();
            LabelNode cancel = new LabelNode();
            InsnList entry = entry(loop, cancel, inserted);
            entry.add(start);
            method.instructions.insertBefore(loop.first(), entry);
            for (AbstractInsnNode insn = loop.first(); insn != loop.backEdge(); insn = insn.getNext()) {
                if (insn instanceof JumpInsnNode jump && jump.label == loop.exit()) {
                    jump.label = stub;
                }
            }
            InsnList after = new InsnList();
            after.add(end);
            after.add(stub);
            after.add(copy(exitFrame));
            after.add(exit(inserted));
            after.add(new JumpInsnNode(Opcodes.GOTO, loop.exit()));
            if (loop.sources() > 1) {
                // A further segment or buffer that is null: the loop runs with its checks (the entry state is the
                // head's)
                after.add(cancel);
                after.add(copy(headFrame));
                after.add(exit(inserted));
                after.add(new JumpInsnNode(Opcodes.GOTO, (LabelNode) loop.backEdge().label));
            }
            method.instructions.insert(loop.backEdge(), after);
            LabelNode handler = new LabelNode();
            InsnList catchAll = new InsnList();
            catchAll.add(handler);
            // stack: ..., throwable (locals: none that the handler reads)
            catchAll.add(new FrameNode(Opcodes.F_NEW, 0, new Object[0], 1, new Object[] {"java/lang/Throwable"}));
            catchAll.add(exit(inserted));
            catchAll.add(new InsnNode(Opcodes.ATHROW));
            method.instructions.add(catchAll);
            method.tryCatchBlocks.add(0, new TryCatchBlockNode(start, end, handler, null));
        }
        return loops.size();
    }

    /**
     * @param cancel where a null further segment or buffer goes: a stub that ends the suspension and enters
     *     the loop
     * @return the entry: for the first segment its null test and {@code enterSegmentLoop}, for each further
     *     one its null test and {@code narrowSegmentLoop}; for each buffer its null test and
     *     {@code enterBufferLoop} if it is the first source, {@code narrowBufferLoop} otherwise; then
     *     {@code narrowSegmentLoop} for each further handle
     */
    private static InsnList entry(SegmentLoop loop, LabelNode cancel, Set<AbstractInsnNode> inserted) {
        InsnList list = new InsnList();
        for (int k = 0; k < loop.segments().size(); k++) {
            int segment = loop.segments().get(k);
            // A null segment cannot be asked its bounds. The first one goes straight to the loop, nothing
            // suspended; a further one after the first suspended the checks, so it goes through the stub that
            // resumes them, rather than skip the tests of the segments and handles after it.
            list.add(new VarInsnNode(Opcodes.ALOAD, segment));
            list.add(new JumpInsnNode(Opcodes.IFNULL,
                    k == 0 ? (LabelNode) loop.backEdge().label : cancel));                 // stack: ...
            boolean withHandle = k == 0 && !loop.handles().isEmpty();
            if (withHandle) {
                list.add(loop.handles().get(0).clone(Map.of()));                            // stack: ..., handle
            }
            list.add(segmentCall(segment, "isNative", "()Z", inserted));                   // ..., [handle,] native
            list.add(segmentCall(segment, "address", "()J", inserted));                    // ..., native, address
            list.add(segmentCall(segment, "byteSize", "()J", inserted));                   // ..., address, size
            list.add(checkerCall(k == 0 ? "enterSegmentLoop" : "narrowSegmentLoop",
                    withHandle ? "(Ljava/lang/Object;ZJJ)V" : "(ZJJ)V", inserted));              // stack: ...
        }
        for (int k = 0; k < loop.buffers().size(); k++) {
            int buffer = loop.buffers().get(k);
            boolean first = k == 0 && loop.segments().isEmpty();
            list.add(new VarInsnNode(Opcodes.ALOAD, buffer));
            list.add(new JumpInsnNode(Opcodes.IFNULL, first ? (LabelNode) loop.backEdge().label : cancel)); // ...
            list.add(new VarInsnNode(Opcodes.ALOAD, buffer));                             // stack: ..., buffer
            list.add(checkerCall(first ? "enterBufferLoop" : "narrowBufferLoop",
                    "(L" + BufferAccessors.BYTE_BUFFER + ";)V", inserted));                       // stack: ...
        }
        for (int h = 1; h < loop.handles().size(); h++) {
            list.add(loop.handles().get(h).clone(Map.of()));                                // stack: ..., handle
            list.add(checkerCall("narrowSegmentLoop", "(Ljava/lang/Object;)V", inserted));  // stack: ...
        }
        return list;
    }

    /** @return {@code ALOAD segment; INVOKEINTERFACE name desc}, the call recorded as inserted */
    private static InsnList segmentCall(int segment, String name, String desc, Set<AbstractInsnNode> inserted) {
        InsnList list = new InsnList();
        list.add(new VarInsnNode(Opcodes.ALOAD, segment));
        MethodInsnNode call = new MethodInsnNode(Opcodes.INVOKEINTERFACE, SegmentLoops.SEGMENT, name, desc, true);
        inserted.add(call);
        list.add(call);
        return list;
    }

    private static MethodInsnNode exit(Set<AbstractInsnNode> inserted) {
        return checkerCall("exitSegmentLoop", "()V", inserted);
    }

    /** @return {@code INVOKESTATIC AccessChecker.name desc}, recorded as inserted */
    private static MethodInsnNode checkerCall(String name, String desc, Set<AbstractInsnNode> inserted) {
        MethodInsnNode call = new MethodInsnNode(Opcodes.INVOKESTATIC, CHECKER, name, desc, false);
        inserted.add(call);
        return call;
    }

    /** @return a frame node equal to {@code frame}, whose labels (uninitialised types) are the same nodes */
    private static FrameNode copy(FrameNode frame) {
        return new FrameNode(Opcodes.F_NEW, frame.local.size(), frame.local.toArray(), frame.stack.size(),
                frame.stack.toArray());
    }

    /** @return the expanded frame at {@code label}: the frame node among the pseudo nodes that follow it */
    private static FrameNode frameAt(LabelNode label) {
        for (AbstractInsnNode insn = label; insn != null && CountedLoops.pseudo(insn); insn = insn.getNext()) {
            if (insn instanceof FrameNode frame) {
                return frame;
            }
        }
        return null;
    }
}
