package io.jkasan.agent.instr;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkasan.agent.instr.targets.SegmentLoopTarget;
import io.jkasan.agent.instr.targets.UnsafeContract;
import io.jkasan.agent.instr.targets.UnsafeTarget;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;

/** Which classes a method's calls name ({@link CodeOffsets#invokesAny}), read from the original code. */
class CodeOffsetsTest {
    private static final Set<String> OWNERS = Set.of("sun/misc/Unsafe", "java/lang/foreign/MemorySegment");

    @Test
    void a_virtual_call_on_an_owner_is_found_and_naming_it_as_a_constant_or_a_cast_is_not() {
        CodeOffsets offsets = offsets(UnsafeTarget.class);
        assertTrue(offsets.invokesAny("getLongAbsolute", "(J)J", OWNERS));
        assertTrue(offsets.invokesAny("copyMemory", "(JJJ)V", OWNERS));
        // theUnsafe() loads Unsafe.class, calls Class and Field methods and casts to Unsafe: no call on it.
        assertFalse(offsets.invokesAny("theUnsafe", "()Lsun/misc/Unsafe;", OWNERS));
        assertFalse(offsets.invokesAny("getLongAbsolute", "(J)J", Set.of("jdk/internal/misc/Unsafe")));
        assertFalse(offsets.invokesAny("<init>", "()V", OWNERS));
    }

    @Test
    void an_interface_call_is_found_and_a_method_without_code_calls_nothing() {
        assertTrue(offsets(SegmentLoopTarget.class).invokesAny("sum", "(Ljava/lang/foreign/MemorySegment;)J", OWNERS));
        assertFalse(offsets(UnsafeContract.class).invokesAny("writeGrowRead", "(J)J", OWNERS));
        assertFalse(offsets(UnsafeTarget.class).invokesAny("noSuchMethod", "()V", OWNERS));
    }

    private static CodeOffsets offsets(Class<?> type) {
        byte[] classfile = TestClasses.bytes(type);
        return new CodeOffsets(new ClassReader(classfile), classfile);
    }
}
