package io.jkasan.agent.instr;

import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.MethodInsnNode;

/**
 * The {@code ByteBuffer} calls a {@link SegmentLoop} may hold on a buffer: the element getters and putters,
 * relative and absolute, and the position queries (docs/design.md, "Segment loops").
 *
 * <p>{@code ByteBuffer} and {@code MappedByteBuffer} cannot be subclassed outside {@code java.nio} (their
 * constructors are package-private), so what these calls run is the JDK's: a bounds check against the limit
 * ({@code Buffer.checkIndex}, {@code nextGetIndex}, {@code nextPutIndex}) and one access through the funnel
 * ({@code ScopedMemoryAccess}) inside {@code [address, address + capacity)}. The buffer's address and capacity
 * cannot change, so a buffer whose whole capacity is clean when the loop starts keeps every access of the loop
 * clean. Bulk transfers ({@code get(byte[])}, {@code put(ByteBuffer)}) and anything that makes another buffer
 * ({@code slice}, {@code duplicate}, the views) are not among them.
 */
final class BufferAccessors {
    /** Internal name of the buffer class the entry takes. */
    static final String BYTE_BUFFER = "java/nio/ByteBuffer";
    /** The static types a loop's buffer local may have: the only classes outside {@code java.nio} can name. */
    static final Set<String> OWNERS = Set.of(BYTE_BUFFER, "java/nio/MappedByteBuffer");
    /** Getter and putter names by the descriptor of the element they carry. */
    private static final Map<String, String> GETTERS = Map.of("get", "B", "getChar", "C", "getShort", "S",
            "getInt", "I", "getLong", "J", "getFloat", "F", "getDouble", "D");
    private static final Map<String, String> PUTTERS = Map.of("put", "B", "putChar", "C", "putShort", "S",
            "putInt", "I", "putLong", "J", "putFloat", "F", "putDouble", "D");
    /** The queries, name and descriptor: final methods of {@code Buffer}, which touch no memory. */
    private static final Set<String> QUERIES = Set.of("position()I", "limit()I", "capacity()I", "remaining()I",
            "hasRemaining()Z");

    private BufferAccessors() {
    }

    /** @return whether the call is one a buffer loop may hold */
    static boolean accessor(MethodInsnNode call) {
        return call.getOpcode() == Opcodes.INVOKEVIRTUAL && OWNERS.contains(call.owner)
                && (getter(call) || putter(call) || QUERIES.contains(call.name + call.desc));
    }

    /** @return whether the call is an accessor that reads or writes an element of the buffer */
    static boolean touchesMemory(MethodInsnNode call) {
        return accessor(call) && (getter(call) || putter(call));
    }

    /**
     * @return whether the call is an accessor whose result is the buffer it was called on: a putter ("Returns:
     *     This buffer"), so that in a chained {@code b.putInt(x).putInt(y)} both are called on {@code b}
     */
    static boolean returnsReceiver(MethodInsnNode call) {
        return accessor(call) && putter(call);
    }

    private static boolean getter(MethodInsnNode call) {
        String element = GETTERS.get(call.name);
        return element != null && (call.desc.equals("()" + element) || call.desc.equals("(I)" + element));
    }

    private static boolean putter(MethodInsnNode call) {
        String element = PUTTERS.get(call.name);
        String result = ")L" + BYTE_BUFFER + ";";
        return element != null
                && (call.desc.equals("(" + element + result) || call.desc.equals("(I" + element + result));
    }
}
