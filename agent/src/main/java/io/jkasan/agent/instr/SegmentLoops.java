package io.jkasan.agent.instr;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.SourceInterpreter;
import org.objectweb.asm.tree.analysis.SourceValue;

/**
 * Finds the {@link SegmentLoop segment loops} of a method: loops whose only calls are {@code MemorySegment}
 * accessors on segments, or {@code ByteBuffer} accessors on buffers, held in locals (docs/design.md, "Segment
 * loops").
 *
 * <p>Such a loop reaches memory only through the JDK's funnel ({@code ScopedMemoryAccess}), where every access
 * is checked, and the JDK itself keeps every access inside the segment or the buffer. So whether the loop's
 * accesses are clean does not depend on its offsets: it is whether its segments and buffers are, which one check
 * each at entry answers. A loop is taken only if all of this holds:
 * <ul>
 *   <li>it is entered only by falling into its head, its one backward jump is the {@code GOTO} that closes it
 *       (no inner loop), no exception range starts, ends or is handled inside it, and it leaves only by
 *       forward jumps past that {@code GOTO} or by an exception: no return;</li>
 *   <li>its calls are {@code get} and {@code set} with a primitive {@code ValueLayout} and a {@code long}
 *       offset, or {@code byteSize()}, all through {@code invokeinterface} on up to {@link #MAX_SEGMENTS}
 *       locals the loop never writes; or accesses through up to {@link #MAX_HANDLES} {@code VarHandle}s whose
 *       first coordinate is one of those segments, each handle
 *       read from a {@code static final} field of this class or from a local the loop never writes (the
 *       runtime suspends checks only if it is one of the JDK's own segment handles, whose access runs
 *       nothing of the program's); or, on a JDK whose funnel checks buffers (22+), the element getters,
 *       putters and position queries of {@code ByteBuffer} ({@link BufferAccessors}) on up to
 *       {@link #MAX_SEGMENTS} buffer locals the loop never writes, called on the local or on a putter's result
 *       ({@code b.putInt(x).putInt(y)});</li>
 *   <li>nothing else in it can run code or load a class: no other call, no {@code invokedynamic}, no
 *       {@code new} or array creation, no cast or {@code instanceof}, no monitor, no switch, no class constant,
 *       and no static field but this class's own and {@code ValueLayout}'s (its constants).</li>
 * </ul>
 * What the accessors themselves run is the JDK's: the value-layout {@code VarHandle}s and the funnel, nothing
 * of the program's, since {@code MemorySegment} and {@code ValueLayout} are sealed and {@code ByteBuffer} cannot
 * be subclassed outside {@code java.nio}.
 */
final class SegmentLoops {
    /** Internal name of the segment interface. */
    static final String SEGMENT = "java/lang/foreign/MemorySegment";
    /** Internal name of {@code VarHandle}. */
    private static final String VAR_HANDLE = "java/lang/invoke/VarHandle";
    /** Internal name of the value layouts' interface, whose static fields are the layout constants. */
    private static final String VALUE_LAYOUT = "java/lang/foreign/ValueLayout";
    /** The primitive value layouts an accessor may take. */
    private static final Set<String> LAYOUTS = Set.of("OfBoolean", "OfByte", "OfChar", "OfShort", "OfInt",
            "OfLong", "OfFloat", "OfDouble");
    /** The most segments one loop may access, and the most buffers, each checked at entry. */
    private static final int MAX_SEGMENTS = 4;
    /** The most {@code VarHandle}s one loop may access them through, each checked at entry. */
    private static final int MAX_HANDLES = 4;
    /** The most instructions a loop may hold, as for counted loops. */
    private static final int MAX_LOOP_NODES = CountedLoops.MAX_LOOP_NODES;
    /**
     * Whether buffer loops are bracketed: only where the funnel checks buffer accesses
     * ({@link ScopedMemoryAccessRewrite}); elsewhere a buffer loop has no check to suspend.
     */
    static final boolean BUFFER_LOOPS = ScopedMemoryAccessRewrite.appliesTo(Runtime.version().feature());

    /** The classes whose methods a segment or buffer loop calls: a method that calls none holds no such loop. */
    static final Set<String> CALL_OWNERS = callOwners();

    private SegmentLoops() {
    }

    private static Set<String> callOwners() {
        Set<String> owners = new HashSet<>(Set.of(SEGMENT, VAR_HANDLE));
        if (BUFFER_LOOPS) {
            owners.addAll(BufferAccessors.OWNERS);
        }
        return Set.copyOf(owners);
    }

    /**
     * @param className internal name of the class being rewritten
     * @param finalHandles the names of the class's {@code static final VarHandle} fields
     * @param method the method
     * @return its segment loops, in code order; empty if it has none or cannot be analysed
     */
    static List<SegmentLoop> find(String className, Set<String> finalHandles, MethodNode method) {
        if ("<init>".equals(method.name) || !callsAccessor(method)) {
            return List.of();
        }
        // The data flow only for loops that could be taken: those whose shape and instructions pass every test
        // that needs no frames (docs/performance.md, section 4, "Classes with nothing to rewrite left unparsed").
        List<JumpInsnNode> backEdges = new ArrayList<>();
        List<LabelNode> exits = new ArrayList<>();
        for (JumpInsnNode backEdge : CountedLoops.backEdges(method.instructions)) {
            LabelNode exit = shape(className, method, backEdge);
            if (exit != null) {
                backEdges.add(backEdge);
                exits.add(exit);
            }
        }
        if (backEdges.isEmpty()) {
            return List.of();
        }
        Frame<SourceValue>[] frames;
        try {
            frames = new Analyzer<>(new SourceInterpreter()).analyze(className, method);
        } catch (AnalyzerException e) {
            return List.of();
        }
        List<SegmentLoop> found = new ArrayList<>();
        for (int i = 0; i < backEdges.size(); i++) {
            SegmentLoop loop = match(className, finalHandles, method, frames, backEdges.get(i), exits.get(i));
            if (loop != null) {
                found.add(loop);
            }
        }
        return found;
    }

    private static boolean callsAccessor(MethodNode method) {
        for (AbstractInsnNode insn : method.instructions) {
            if (insn instanceof MethodInsnNode call && (accessor(call) || handleAccess(call)
                    || BUFFER_LOOPS && BufferAccessors.touchesMemory(call))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The tests of a segment loop that need no data flow: its size and entry, its jumps, and that every instruction
     * in it is an accessor, {@code byteSize()}, a handle access on a segment, or {@link #allowed}; and that one of
     * them accesses memory.
     *
     * @return the loop's one exit, or {@code null} if the loop closed by {@code backEdge} fails one of them
     */
    private static LabelNode shape(String className, MethodNode method, JumpInsnNode backEdge) {
        InsnList insns = method.instructions;
        int start = insns.indexOf(CountedLoops.loopStart(backEdge));
        int end = insns.indexOf(backEdge);
        if (end - start > MAX_LOOP_NODES || !CountedLoops.enteredOnlyAtHead(method, start, end, backEdge)) {
            return null;
        }
        LabelNode exit = null;
        boolean accesses = false;
        for (int i = start; i < end; i++) {
            AbstractInsnNode insn = insns.get(i);
            if (CountedLoops.pseudo(insn)) {
                continue;
            }
            if (insn instanceof JumpInsnNode jump) {
                int target = insns.indexOf(jump.label);
                if (target > end) {
                    if (exit != null && exit != jump.label) {
                        return null;               // one way out, so one place to resume checks
                    }
                    exit = jump.label;
                } else if (target <= i || jump.getOpcode() == Opcodes.JSR) {
                    return null;
                }
            } else if (BUFFER_LOOPS && insn instanceof MethodInsnNode call && BufferAccessors.accessor(call)) {
                accesses |= BufferAccessors.touchesMemory(call);
            } else if (insn instanceof MethodInsnNode call) {
                if (!handleAccess(call) && !accessor(call)) {
                    return null;
                }
                accesses |= !"byteSize".equals(call.name);
            } else if (!allowed(className, insn)) {
                return null;
            }
        }
        return accesses ? exit : null;
    }

    /**
     * The tests of a segment loop that need the data flow, on a loop that passed {@link #shape}: every instruction
     * reachable, each buffer, segment and handle from a local the loop never writes (or a handle from a
     * {@code static final} field of this class), and no more of them than the runtime checks at entry.
     *
     * @param exit the loop's one exit, as {@link #shape} found it
     * @return the loop closed by {@code backEdge}, or {@code null} if it is not a segment loop
     */
    private static SegmentLoop match(String className, Set<String> finalHandles, MethodNode method,
            Frame<SourceValue>[] frames, JumpInsnNode backEdge, LabelNode exit) {
        InsnList insns = method.instructions;
        AbstractInsnNode first = CountedLoops.loopStart(backEdge);
        int start = insns.indexOf(first);
        int end = insns.indexOf(backEdge);
        List<Integer> segments = new ArrayList<>();
        List<Integer> buffers = new ArrayList<>();
        List<AbstractInsnNode> handles = new ArrayList<>();
        for (int i = start; i < end; i++) {
            AbstractInsnNode insn = insns.get(i);
            if (CountedLoops.pseudo(insn)) {
                continue;
            }
            if (frames[i] == null) {
                return null;                       // unreachable code: left alone
            }
            if (BUFFER_LOOPS && insn instanceof MethodInsnNode call && BufferAccessors.accessor(call)) {
                int buffer = bufferLocal(insns, frames, start, end, i);
                if (buffer < 0 || !add(buffers, buffer)) {
                    return null;
                }
            } else if (insn instanceof MethodInsnNode call) {
                int segmentAt = receiverSlot(frames[i], call);              // the receiver of an accessor
                if (handleAccess(call)) {
                    AbstractInsnNode source = handleSource(className, finalHandles, frames[i].getStack(segmentAt));
                    if (source == null || !add(handles, source)) {
                        return null;
                    }
                    segmentAt++;                                             // the handle's first coordinate
                }
                int receiver = local(frames[i].getStack(segmentAt));
                if (receiver < 0 || !add(segments, receiver)) {
                    return null;
                }
            }
        }
        for (AbstractInsnNode handle : handles) {
            if (handle instanceof VarInsnNode h && writes(insns, start, end, h.var)) {
                return null;
            }
        }
        for (List<Integer> held : List.of(segments, buffers)) {
            for (int local : held) {
                if (writes(insns, start, end, local)) {
                    return null;
                }
            }
        }
        return new SegmentLoop(first, backEdge, exit, List.copyOf(segments), List.copyOf(buffers),
                List.copyOf(handles));
    }

    /** @return whether the call is a segment accessor or {@code byteSize()} through the interface */
    private static boolean accessor(MethodInsnNode call) {
        if (call.getOpcode() != Opcodes.INVOKEINTERFACE || !SEGMENT.equals(call.owner)) {
            return false;
        }
        if ("byteSize".equals(call.name)) {
            return "()J".equals(call.desc);
        }
        if (!"get".equals(call.name) && !"set".equals(call.name)) {
            return false;
        }
        Type[] args = Type.getArgumentTypes(call.desc);
        if (args.length < 2 || args.length > 3 || args[1] != Type.LONG_TYPE) {
            return false;
        }
        String layout = args[0].getInternalName();
        String prefix = VALUE_LAYOUT + "$";
        return layout.startsWith(prefix) && LAYOUTS.contains(layout.substring(prefix.length()));
    }

    /**
     * @return whether the call is an access through a {@code VarHandle} whose first coordinate is a segment
     *     ({@code (long) HANDLE.get(segment, offset)}, any access mode)
     */
    private static boolean handleAccess(MethodInsnNode call) {
        return call.getOpcode() == Opcodes.INVOKEVIRTUAL && VAR_HANDLE.equals(call.owner)
                && call.desc.startsWith("(L" + SEGMENT + ";");
    }

    /**
     * @return the instruction that loads the handle, if it is a {@code static final} field of this class or a
     *     local (which the loop must not write); otherwise {@code null}
     */
    private static AbstractInsnNode handleSource(String className, Set<String> finalHandles, SourceValue value) {
        AbstractInsnNode source = only(value);
        if (source instanceof FieldInsnNode field) {
            return field.getOpcode() == Opcodes.GETSTATIC && field.owner.equals(className)
                    && finalHandles.contains(field.name) ? field : null;
        }
        return source instanceof VarInsnNode load && load.getOpcode() == Opcodes.ALOAD ? load : null;
    }

    /**
     * @param at index of a buffer accessor call in the loop {@code [start, end)}
     * @return the local holding the buffer it is called on, followed through chained putters inside the loop;
     *     -1 if the buffer came from anything else
     */
    private static int bufferLocal(InsnList insns, Frame<SourceValue>[] frames, int start, int end, int at) {
        SourceValue receiver = frames[at].getStack(receiverSlot(frames[at], (MethodInsnNode) insns.get(at)));
        if (only(receiver) instanceof MethodInsnNode chained && BufferAccessors.returnsReceiver(chained)) {
            int index = insns.indexOf(chained);
            return index >= start && index < end && frames[index] != null
                    ? bufferLocal(insns, frames, start, end, index) : -1;
        }
        return local(receiver);
    }

    /** @return the stack slot of the call's receiver in the frame before it: below its arguments */
    private static int receiverSlot(Frame<SourceValue> frame, MethodInsnNode call) {
        return frame.getStackSize() - Type.getArgumentTypes(call.desc).length - 1;
    }

    /** @return whether the segment's or buffer's local is among the loop's now: false if it already has the most */
    private static boolean add(List<Integer> locals, int local) {
        return locals.contains(local) || locals.size() < MAX_SEGMENTS && locals.add(local);
    }

    /**
     * Adds a handle's load to the loop's handles unless one reading the same field or local is there already.
     *
     * @return whether it is there now: false if the loop already has {@link #MAX_HANDLES} others
     */
    private static boolean add(List<AbstractInsnNode> handles, AbstractInsnNode source) {
        for (AbstractInsnNode known : handles) {
            if (sameSource(known, source)) {
                return true;
            }
        }
        return handles.size() < MAX_HANDLES && handles.add(source);
    }

    /** @return whether two handle loads read the same field or the same local */
    private static boolean sameSource(AbstractInsnNode a, AbstractInsnNode b) {
        if (a instanceof FieldInsnNode x && b instanceof FieldInsnNode y) {
            return x.name.equals(y.name);
        }
        return a instanceof VarInsnNode x && b instanceof VarInsnNode y && x.var == y.var;
    }

    /** @return the local a value was loaded from with {@code ALOAD}, or -1 if it came from anything else */
    private static int local(SourceValue value) {
        return only(value) instanceof VarInsnNode load && load.getOpcode() == Opcodes.ALOAD ? load.var : -1;
    }

    /** @return the one instruction that produced a value, or {@code null} if several may have */
    private static AbstractInsnNode only(SourceValue value) {
        return value.insns.size() == 1 ? value.insns.iterator().next() : null;
    }

    /** @return whether the instruction may stand in a segment loop: it runs no code and loads no class */
    private static boolean allowed(String className, AbstractInsnNode insn) {
        int op = insn.getOpcode();
        if (insn instanceof FieldInsnNode field) {
            return op == Opcodes.GETFIELD || op == Opcodes.PUTFIELD || field.owner.equals(className)
                    || op == Opcodes.GETSTATIC && VALUE_LAYOUT.equals(field.owner);
        }
        if (insn instanceof LdcInsnNode ldc) {
            return ldc.cst instanceof Number || ldc.cst instanceof String;
        }
        if (insn instanceof VarInsnNode || insn instanceof IincInsnNode) {
            return op != Opcodes.RET;
        }
        // The remaining plain instructions: constants, stack, arithmetic, conversions, comparisons, array
        // loads and stores, arraylength, athrow.
        return op >= Opcodes.NOP && op <= Opcodes.DCMPG || op == Opcodes.ARRAYLENGTH || op == Opcodes.ATHROW
                || op == Opcodes.BIPUSH || op == Opcodes.SIPUSH;
    }

    /** @return whether the loop stores into the local */
    private static boolean writes(InsnList insns, int start, int end, int local) {
        for (int i = start; i <= end; i++) {
            if (insns.get(i) instanceof VarInsnNode v && v.getOpcode() == Opcodes.ASTORE && v.var == local) {
                return true;
            }
        }
        return false;
    }
}
