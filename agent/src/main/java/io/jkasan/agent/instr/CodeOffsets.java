package io.jkasan.agent.instr;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;

/**
 * Bytecode indices of the original class: each method's code length and the index of its n-th
 * {@code invokevirtual}, for the {@code Class.method+0xBCI/0xLEN} frames of allocation call sites; and which
 * classes a method's calls name, so that a method the rewrite has nothing to do in is not parsed at all.
 *
 * <p>ASM's visitors report instructions in code order but not their offsets, so this walks the original
 * {@code Code} arrays itself with the instruction lengths of JVMS §6.5. The n-th
 * {@code visitMethodInsn(INVOKEVIRTUAL, ...)} a visitor sees is the n-th {@code invokevirtual} opcode here.
 * Offsets are those of the class as loaded, which is what stack traces of the original would show.
 */
final class CodeOffsets {
    private static final int CODE_ATTRIBUTE_HEADER = 6 + 2 + 2 + 4;   // name, length, max_stack, max_locals, code_length

    private final ClassReader reader;
    private final byte[] bytes;
    private Map<String, Integer> codeStarts;
    private char[] nameBuffer;

    CodeOffsets(ClassReader reader, byte[] bytes) {
        this.reader = reader;
        this.bytes = bytes;
    }

    /**
     * @param name method name
     * @param descriptor method descriptor
     * @return the length of the method's code array
     */
    int codeLength(String name, String descriptor) {
        return reader.readInt(codeStart(name, descriptor) - 4);
    }

    /**
     * @param name method name
     * @param descriptor method descriptor
     * @param ordinal 0 for the method's first {@code invokevirtual} in code order, 1 for the second, ...
     * @return the bytecode index of that instruction
     */
    int invokeVirtualIndex(String name, String descriptor, int ordinal) {
        int start = codeStart(name, descriptor);
        int length = reader.readInt(start - 4);
        int seen = 0;
        for (int bci = 0; bci < length; bci += instructionLength(start, bci)) {
            if ((bytes[start + bci] & 0xFF) == Opcodes.INVOKEVIRTUAL && seen++ == ordinal) {
                return bci;
            }
        }
        throw new IllegalStateException("no invokevirtual #" + ordinal + " in " + name + descriptor);
    }

    /**
     * @param name method name
     * @param descriptor method descriptor
     * @return the offsets of every invoke instruction of the method, ascending: the only places a caller's
     *     frame can stand in a stack trace
     */
    int[] invokeOffsets(String name, String descriptor) {
        int start = codeStart(name, descriptor);
        int length = reader.readInt(start - 4);
        int[] out = new int[16];
        int n = 0;
        for (int bci = 0; bci < length; bci += instructionLength(start, bci)) {
            int op = bytes[start + bci] & 0xFF;
            if (op >= Opcodes.INVOKEVIRTUAL && op <= Opcodes.INVOKEDYNAMIC) {
                if (n == out.length) {
                    out = java.util.Arrays.copyOf(out, n * 2);
                }
                out[n++] = bci;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /**
     * @param name method name
     * @param descriptor method descriptor
     * @param owners internal class names whose every call the rewrite looks at
     * @param loopOwners internal class names whose calls the rewrite looks at only inside a loop
     * @return whether the method's code invokes a method of one of {@code owners}, or invokes one of
     *     {@code loopOwners} between a backward jump and its target (not counting {@code invokedynamic});
     *     {@code false} for a method without code
     */
    boolean mayRewrite(String name, String descriptor, Set<String> owners, Set<String> loopOwners) {
        Integer start = codeStarts().get(name + descriptor);
        return start != null && mayRewrite(start, owners, loopOwners);
    }

    /**
     * @param owners internal class names whose every call the rewrite looks at
     * @param loopOwners internal class names whose calls the rewrite looks at only inside a loop
     * @return whether {@link #mayRewrite(String, String, Set, Set)} holds for some method of the class
     */
    boolean anyMayRewrite(Set<String> owners, Set<String> loopOwners) {
        // The code arrays alone, without the map of names that visitMethod needs: most classes asked stop here.
        for (int start : walkMethods(null)) {
            if (mayRewrite(start, owners, loopOwners)) {
                return true;
            }
        }
        return false;
    }

    private boolean mayRewrite(int start, Set<String> owners, Set<String> loopOwners) {
        int length = reader.readInt(start - 4);
        if (nameBuffer == null) {
            nameBuffer = new char[reader.getMaxStringLength()];
        }
        int firstLoopCall = -1;
        int lastLoopCall = -1;
        int loopStart = Integer.MAX_VALUE;                           // the earliest target of a backward jump
        int loopEnd = -1;                                            // the latest backward jump
        for (int bci = 0; bci < length; bci += instructionLength(start, bci)) {
            int op = bytes[start + bci] & 0xFF;
            if (op >= Opcodes.INVOKEVIRTUAL && op <= Opcodes.INVOKEINTERFACE) {
                // The operand of an invoke names a Methodref or InterfaceMethodref, whose first field is its class.
                String owner = reader.readClass(reader.getItem(reader.readUnsignedShort(start + bci + 1)), nameBuffer);
                if (owners.contains(owner)) {
                    return true;
                }
                if (loopOwners.contains(owner)) {
                    firstLoopCall = firstLoopCall < 0 ? bci : firstLoopCall;
                    lastLoopCall = bci;
                }
            } else {
                int target = backwardTarget(start, bci);
                if (target >= 0) {
                    loopStart = Math.min(loopStart, target);
                    loopEnd = bci;
                }
            }
        }
        // A loop the rewrite takes is closed by a backward goto (SegmentLoops), so its calls lie between that
        // jump's target and the jump: within the span from the earliest such target to the last such jump. The
        // calls need only overlap that span, an over-estimate that never misses such a loop.
        return firstLoopCall >= 0 && lastLoopCall >= loopStart && firstLoopCall <= loopEnd;
    }

    /**
     * @return the earliest offset the instruction at {@code bci} may jump to if that is the instruction itself or an
     *     earlier one, else -1
     */
    private int backwardTarget(int start, int bci) {
        int op = bytes[start + bci] & 0xFF;
        int p = start + bci;
        int earliest = Integer.MAX_VALUE;
        if (op >= Opcodes.IFEQ && op <= Opcodes.JSR || op == Opcodes.IFNULL || op == Opcodes.IFNONNULL) {
            earliest = reader.readShort(p + 1);
        } else if (op == 0xc8 /* goto_w */ || op == 0xc9 /* jsr_w */) {
            earliest = reader.readInt(p + 1);
        } else if (op == Opcodes.TABLESWITCH || op == Opcodes.LOOKUPSWITCH) {
            int q = p + 1 + padding(bci);
            earliest = reader.readInt(q);                            // the default target
            int targets = op == Opcodes.TABLESWITCH ? reader.readInt(q + 8) - reader.readInt(q + 4) + 1
                    : reader.readInt(q + 4);
            int step = op == Opcodes.TABLESWITCH ? 4 : 8;            // offsets, or (match, offset) pairs
            q += 12;                                                 // the first offset, after three ints
            for (int i = 0; i < targets; i++, q += step) {
                earliest = Math.min(earliest, reader.readInt(q));
            }
        }
        return earliest <= 0 ? bci + earliest : -1;
    }

    /**
     * @return the offsets in the class file, ascending within each method, of the opcode of every
     *     {@code invokevirtual}, {@code invokespecial}, {@code invokestatic} and {@code invokeinterface} of every
     *     method: where a call's constant-pool operand can be replaced in place
     */
    int[] callPositions() {
        int[] out = new int[64];
        int n = 0;
        // The code arrays alone: the funnel's in-place patch, in premain, needs none of its 499 methods' names.
        for (int start : walkMethods(null)) {
            int length = reader.readInt(start - 4);
            for (int bci = 0; bci < length; bci += instructionLength(start, bci)) {
                int op = bytes[start + bci] & 0xFF;
                if (op >= Opcodes.INVOKEVIRTUAL && op <= Opcodes.INVOKEINTERFACE) {
                    if (n == out.length) {
                        out = java.util.Arrays.copyOf(out, n * 2);
                    }
                    out[n++] = start + bci;
                }
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private Map<String, Integer> codeStarts() {
        if (codeStarts == null) {
            codeStarts = indexMethods();
        }
        return codeStarts;
    }

    private int codeStart(String name, String descriptor) {
        Integer start = codeStarts().get(name + descriptor);
        if (start == null) {
            throw new IllegalStateException("no Code attribute for " + name + descriptor);
        }
        return start;
    }

    /** Walks the ClassFile structure (JVMS §4.1) to the first code byte of each method. */
    private Map<String, Integer> indexMethods() {
        Map<String, Integer> starts = new HashMap<>();
        walkMethods(starts);
        return starts;
    }

    /**
     * @param byName if not {@code null}, receives each method's code start under its name and descriptor
     * @return the first code byte of each method that has code, in class-file order
     */
    private int[] walkMethods(Map<String, Integer> byName) {
        char[] buffer = byName == null ? null : new char[reader.getMaxStringLength()];
        int p = reader.header + 6;                                 // access_flags, this_class, super_class
        p += 2 + 2 * reader.readUnsignedShort(p);                  // interfaces
        int fields = reader.readUnsignedShort(p);
        p += 2;
        for (int i = 0; i < fields; i++) {
            p = skipAttributes(p + 6);
        }
        int methods = reader.readUnsignedShort(p);
        p += 2;
        int[] starts = new int[methods];
        int n = 0;
        for (int i = 0; i < methods; i++) {
            int method = p;
            int attributes = reader.readUnsignedShort(p + 6);
            p += 8;
            for (int a = 0; a < attributes; a++) {
                // Attribute names are compared by their Utf8 entry's bytes, not decoded (JVMS §4.7: "Code").
                if (isCode(reader.readUnsignedShort(p))) {
                    starts[n++] = p + CODE_ATTRIBUTE_HEADER;
                    if (byName != null) {
                        byName.put(reader.readUTF8(method + 2, buffer) + reader.readUTF8(method + 4, buffer),
                                p + CODE_ATTRIBUTE_HEADER);
                    }
                }
                p += 6 + reader.readInt(p + 2);
            }
        }
        return n == methods ? starts : java.util.Arrays.copyOf(starts, n);
    }

    /** @return whether the constant-pool entry {@code index} is the Utf8 {@code Code} */
    private boolean isCode(int index) {
        int offset = reader.getItem(index);                        // the entry's length field follows its tag
        return reader.readUnsignedShort(offset) == 4 && bytes[offset + 2] == 'C' && bytes[offset + 3] == 'o'
                && bytes[offset + 4] == 'd' && bytes[offset + 5] == 'e';
    }

    private int skipAttributes(int p) {
        int count = reader.readUnsignedShort(p);
        p += 2;
        for (int i = 0; i < count; i++) {
            p += 6 + reader.readInt(p + 2);
        }
        return p;
    }

    /** JVMS §6.5: fixed lengths, the two switches with their 0-3 padding bytes, and {@code wide}. */
    private int instructionLength(int start, int bci) {
        int opcode = bytes[start + bci] & 0xFF;
        switch (opcode) {
            case Opcodes.BIPUSH: case Opcodes.LDC: case Opcodes.ILOAD: case Opcodes.LLOAD: case Opcodes.FLOAD:
            case Opcodes.DLOAD: case Opcodes.ALOAD: case Opcodes.ISTORE: case Opcodes.LSTORE: case Opcodes.FSTORE:
            case Opcodes.DSTORE: case Opcodes.ASTORE: case Opcodes.RET: case Opcodes.NEWARRAY:
                return 2;
            case Opcodes.SIPUSH: case 0x13 /* ldc_w */: case 0x14 /* ldc2_w */: case Opcodes.IINC:
            case Opcodes.GETSTATIC: case Opcodes.PUTSTATIC: case Opcodes.GETFIELD: case Opcodes.PUTFIELD:
            case Opcodes.INVOKEVIRTUAL: case Opcodes.INVOKESPECIAL: case Opcodes.INVOKESTATIC:
            case Opcodes.NEW: case Opcodes.ANEWARRAY: case Opcodes.CHECKCAST: case Opcodes.INSTANCEOF:
                return 3;
            case Opcodes.MULTIANEWARRAY:
                return 4;
            case Opcodes.INVOKEINTERFACE: case Opcodes.INVOKEDYNAMIC: case 0xc8 /* goto_w */: case 0xc9 /* jsr_w */:
                return 5;
            case 0xc4 /* wide */:
                return (bytes[start + bci + 1] & 0xFF) == Opcodes.IINC ? 6 : 4;
            case Opcodes.TABLESWITCH: {
                int p = start + bci + 1 + padding(bci);
                int low = reader.readInt(p + 4);
                int high = reader.readInt(p + 8);
                return 1 + padding(bci) + 12 + 4 * (high - low + 1);
            }
            case Opcodes.LOOKUPSWITCH: {
                int p = start + bci + 1 + padding(bci);
                return 1 + padding(bci) + 8 + 8 * reader.readInt(p + 4);
            }
            default:
                // if<cond>, if_<cmp>, goto, jsr, ifnull, ifnonnull take a 2-byte offset; all others are 1 byte.
                if (opcode >= Opcodes.IFEQ && opcode <= Opcodes.JSR
                        || opcode == Opcodes.IFNULL || opcode == Opcodes.IFNONNULL) {
                    return 3;
                }
                return 1;
        }
    }

    /** Switch operands start at the next multiple of 4 from the start of the code array. */
    private static int padding(int bci) {
        return 3 - (bci & 3);
    }
}
