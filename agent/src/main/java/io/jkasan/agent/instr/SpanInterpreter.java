package io.jkasan.agent.instr;

import java.util.List;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicInterpreter;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.Interpreter;

/**
 * The symbolic interpreter of the grouping analysis: it follows locals loaded onto the stack, constants,
 * {@code i2l}, long additions and subtractions of a constant, an index times an element size, and the sum
 * of two such terms, so that an {@code Unsafe} call's address is known as {@code local + constant} or
 * {@code local + index * size + constant} ({@link SpanValue}). Everything else becomes {@link SpanValue.Kind#OTHER};
 * {@link BasicInterpreter} says only how many slots such a value takes (it ignores its operands' values).
 */
final class SpanInterpreter extends Interpreter<SpanValue> {
    private final BasicInterpreter slots = new BasicInterpreter();

    SpanInterpreter() {
        super(InstrSupport.ASM_API);
    }

    /**
     * @param className internal name of the class the method belongs to
     * @param method the method
     * @return the values of its locals and stack before each instruction ({@code null} where unreachable), or
     *     {@code null} if ASM cannot analyse it here (old {@code jsr}/{@code ret} code, say): then it is left alone
     */
    static Frame<SpanValue>[] analyze(String className, MethodNode method) {
        try {
            return new Analyzer<>(new SpanInterpreter()).analyze(className, method);
        } catch (AnalyzerException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public SpanValue newValue(Type type) {
        if (type == Type.VOID_TYPE) {
            return null;
        }
        return SpanValue.other(type == null ? 1 : type.getSize());
    }

    @Override
    public SpanValue newOperation(AbstractInsnNode insn) throws AnalyzerException {
        int op = insn.getOpcode();
        if (op == Opcodes.ACONST_NULL) {
            return SpanValue.NULL;
        } else if (op >= Opcodes.ICONST_M1 && op <= Opcodes.ICONST_5) {
            return SpanValue.intConstant(op - Opcodes.ICONST_0);
        } else if (op == Opcodes.BIPUSH || op == Opcodes.SIPUSH) {
            return SpanValue.intConstant(((IntInsnNode) insn).operand);
        } else if (op == Opcodes.LCONST_0 || op == Opcodes.LCONST_1) {
            return SpanValue.offset(-1, false, op - Opcodes.LCONST_0, null);
        } else if (op == Opcodes.LDC) {
            Object constant = ((LdcInsnNode) insn).cst;
            if (constant instanceof Integer i) {
                return SpanValue.intConstant(i);
            } else if (constant instanceof Long l) {
                return SpanValue.offset(-1, false, l, null);
            }
        }
        return sized(slots.newOperation(insn));
    }

    @Override
    public SpanValue copyOperation(AbstractInsnNode insn, SpanValue value) {
        switch (insn.getOpcode()) {
            case Opcodes.LLOAD:
                return SpanValue.offset(((VarInsnNode) insn).var, false, 0, insn);
            case Opcodes.ILOAD:
                return SpanValue.intLocal(((VarInsnNode) insn).var, insn);
            case Opcodes.ALOAD:
                return SpanValue.referenceLocal(((VarInsnNode) insn).var, insn);
            default:
                return value;           // stores and dup/swap keep the value as it is
        }
    }

    @Override
    public SpanValue unaryOperation(AbstractInsnNode insn, SpanValue value) throws AnalyzerException {
        if (insn.getOpcode() == Opcodes.I2L) {
            if (value.kind == SpanValue.Kind.INT_LOCAL) {
                return SpanValue.offset(value.local, true, 0, value.load);
            } else if (value.kind == SpanValue.Kind.INT_PRODUCT) {
                return value.widenedProduct();
            } else if (value.kind == SpanValue.Kind.INT_CONSTANT) {
                return SpanValue.offset(-1, false, value.constant, null);
            }
        }
        return sized(slots.unaryOperation(insn, null));
    }

    @Override
    public SpanValue binaryOperation(AbstractInsnNode insn, SpanValue a, SpanValue b) throws AnalyzerException {
        int op = insn.getOpcode();
        SpanValue scaled = scaled(op, a, b);
        if (scaled != null) {
            return scaled;
        }
        if ((op == Opcodes.LADD || op == Opcodes.LSUB)
                && a.kind == SpanValue.Kind.OFFSET && b.kind == SpanValue.Kind.OFFSET) {
            if (b.local < 0) {
                return a.plus(op == Opcodes.LADD ? b.constant : -b.constant);
            } else if (a.local < 0 && op == Opcodes.LADD) {
                return b.plus(a.constant);
            } else if (op == Opcodes.LADD && a.addend == null && b.addend == null) {
                return a.plus(b);                  // address + index: two locals
            }
        }
        return sized(slots.binaryOperation(insn, null, null));
    }

    /**
     * An index times an element size: {@code i * 8} or {@code i << 3} in {@code int} on an int local, in
     * {@code long} on a long local or a widened int one, the factor a positive constant of at most
     * {@link #MAX_SCALE}.
     *
     * @return the scaled value, or {@code null} if the operation is not one
     */
    private static SpanValue scaled(int op, SpanValue a, SpanValue b) {
        if (op == Opcodes.IMUL || op == Opcodes.ISHL) {
            SpanValue index = a.kind == SpanValue.Kind.INT_LOCAL ? a : op == Opcodes.IMUL ? b : null;
            SpanValue factor = index == a ? b : a;
            long f = factor(op == Opcodes.ISHL, factor, SpanValue.Kind.INT_CONSTANT, 30);
            if (index != null && index.kind == SpanValue.Kind.INT_LOCAL && f > 0) {
                return index.intTimes(f);
            }
        } else if (op == Opcodes.LMUL || op == Opcodes.LSHL) {
            SpanValue index = singleTerm(a) ? a : op == Opcodes.LMUL && singleTerm(b) ? b : null;
            SpanValue factor = index == a ? b : a;
            long f = op == Opcodes.LSHL ? factor(true, factor, SpanValue.Kind.INT_CONSTANT, 62)
                    : factor(false, factor, SpanValue.Kind.OFFSET, 0);
            if (index != null && f > 0 && index.scale * f <= MAX_SCALE) {
                return index.times(f);
            }
        }
        return null;
    }

    /** The largest scale an index may get: element sizes are up to 8, record strides a few KiB. */
    static final long MAX_SCALE = 1 << 20;

    /** @return whether the value is one long term (a local, or a widened int), without a constant or addend */
    private static boolean singleTerm(SpanValue v) {
        return v.kind == SpanValue.Kind.OFFSET && v.local >= 0 && v.constant == 0 && v.addend == null && !v.intProduct;
    }

    /** @return the factor a constant stands for (its value, or 1 shifted by it), or -1 if out of range */
    private static long factor(boolean shift, SpanValue constant, SpanValue.Kind kind, int maxShift) {
        if (constant.kind != kind || kind == SpanValue.Kind.OFFSET && constant.local >= 0) {
            return -1;
        }
        long c = constant.constant;
        if (shift) {
            return c >= 0 && c <= maxShift ? 1L << c : -1;
        }
        return c > 0 && c <= MAX_SCALE ? c : -1;
    }

    @Override
    public SpanValue ternaryOperation(AbstractInsnNode insn, SpanValue a, SpanValue b, SpanValue c) {
        return null;                    // the array stores: no result
    }

    @Override
    public SpanValue naryOperation(AbstractInsnNode insn, List<? extends SpanValue> values) throws AnalyzerException {
        return sized(slots.naryOperation(insn, null));
    }

    @Override
    public void returnOperation(AbstractInsnNode insn, SpanValue value, SpanValue expected) {
    }

    @Override
    public SpanValue merge(SpanValue a, SpanValue b) {
        return a.equals(b) ? a : SpanValue.other(a.size == b.size ? a.size : 1);
    }

    private static SpanValue sized(BasicValue value) {
        return value == null ? null : SpanValue.other(value.getSize());
    }
}
