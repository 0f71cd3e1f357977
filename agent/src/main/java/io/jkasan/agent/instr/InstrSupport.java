package io.jkasan.agent.instr;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/** Constants and factories shared by the rewriting code, so every ASM object is built the same way. */
final class InstrSupport {
    /** The ASM API level of every visitor. */
    static final int ASM_API = Opcodes.ASM9;

    private InstrSupport() {
    }

    /**
     * @param local a {@code long} local, or an {@code int} one if {@code widened}
     * @param widened whether the local is an {@code int}, widened with {@code i2l}
     * @return the instructions that push its value as a {@code long}: stack ... -&gt; ..., value
     */
    static InsnList loadAsLong(int local, boolean widened) {
        InsnList list = new InsnList();
        if (widened) {
            list.add(new VarInsnNode(Opcodes.ILOAD, local));
            list.add(new InsnNode(Opcodes.I2L));
        } else {
            list.add(new VarInsnNode(Opcodes.LLOAD, local));
        }
        return list;
    }

    /**
     * A writer that copies the reader's constant pool and never computes frames. The one branch the rewrite
     * adds (before a versioned loop, {@link LoopVersioner}) targets the loop's head, which has its frame
     * already, and the loop's copy carries copies of the loop's own frames; the one local it adds (a merged
     * group's flag) lives only between two frames; so every {@code StackMapTable} frame stays valid
     * (JVMS §4.10.1). Computing frames would load classes from inside {@code transform} to find common super
     * classes, which can deadlock or load classes in the wrong loader; {@link #getCommonSuperClass} throws so
     * any accidental frame computation fails loudly (JaCoCo does the same).
     *
     * @param reader the reader of the original class
     * @return the writer
     */
    static ClassWriter newWriter(ClassReader reader) {
        return new ClassWriter(reader, 0) {
            @Override
            protected String getCommonSuperClass(String type1, String type2) {
                throw new IllegalStateException("frame computation requested for " + type1 + " and " + type2);
            }
        };
    }
}
