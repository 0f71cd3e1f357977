package io.jkasan.agent.instr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jkasan.KasanReport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Assertions on the {@code vmalloc-out-of-bounds} reports a rewritten target method makes: each must name the
 * access exactly and point at the original bytecode index of the {@code Unsafe} call that made it.
 */
final class OutOfBoundsReports {
    private OutOfBoundsReports() {
    }

    /**
     * @param original the target's original class file
     * @param method a method of it
     * @return the bytecode indices of its {@code invokevirtual} instructions (its {@code sun.misc.Unsafe}
     *     calls), in code order
     * @throws IOException if {@code javap} cannot be run
     */
    static List<Integer> unsafeCalls(byte[] original, String method) throws IOException {
        List<Integer> invokes = new ArrayList<>();
        for (Javap.Instruction insn : Javap.code(original, method)) {
            if (insn.mnemonic().equals("invokevirtual")) {
                invokes.add(insn.bci());
            }
        }
        return invokes;
    }

    /**
     * Asserts one report: type, access, address, size, and its top frame at {@code method}, bytecode index
     * {@code bci}, of {@code target}.
     */
    static void assertReport(KasanReport report, String access, long address, int size, Class<?> target,
            String method, int bci) {
        assertEquals("vmalloc-out-of-bounds", report.bugType());
        assertEquals(access, report.access().toString().toLowerCase(Locale.ROOT));
        assertEquals(address, report.address());
        assertEquals(size, report.size());
        assertEquals(target.getName(), report.topFrame().className());
        assertEquals(method, report.topFrame().methodName());
        assertEquals(bci, report.topFrame().bytecodeIndex());
    }
}
