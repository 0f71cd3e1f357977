package io.jkasan.runtime.depot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Code lengths read from class files, for the {@code /0xLEN} part of frames. */
class CodeLengthsTest {
    static int sample(int x) {
        return x * 3 + 1;        // iload_0 iconst_3 imul iconst_1 iadd ireturn: 6 bytes
    }

    @Test
    void length_of_a_test_method() {
        assertEquals(6, CodeLengths.of(CodeLengthsTest.class, "sample", "(I)I"));
    }

    @Test
    void length_of_a_jdk_method_comes_from_the_runtime_image() {
        assertTrue(CodeLengths.of(Thread.class, "run", "()V") > 0);
    }

    @Test
    void unknown_method_is_minus_one() {
        assertEquals(-1, CodeLengths.of(CodeLengthsTest.class, "nope", "()V"));
    }
}
