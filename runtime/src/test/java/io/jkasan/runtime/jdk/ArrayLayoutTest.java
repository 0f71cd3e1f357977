package io.jkasan.runtime.jdk;

import static io.jkasan.runtime.jdk.UnsafeAccess.U;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The constants read from {@code Unsafe}'s fields are the JVM's own answers for each kind of array. */
class ArrayLayoutTest {
    @Test
    void every_base_offset_is_the_one_unsafe_computes() {
        assertEquals(U.arrayBaseOffset(boolean[].class), ArrayLayout.BOOLEAN_BASE);
        assertEquals(U.arrayBaseOffset(byte[].class), ArrayLayout.BYTE_BASE);
        assertEquals(U.arrayBaseOffset(short[].class), ArrayLayout.SHORT_BASE);
        assertEquals(U.arrayBaseOffset(char[].class), ArrayLayout.CHAR_BASE);
        assertEquals(U.arrayBaseOffset(int[].class), ArrayLayout.INT_BASE);
        assertEquals(U.arrayBaseOffset(long[].class), ArrayLayout.LONG_BASE);
        assertEquals(U.arrayBaseOffset(float[].class), ArrayLayout.FLOAT_BASE);
        assertEquals(U.arrayBaseOffset(double[].class), ArrayLayout.DOUBLE_BASE);
        assertEquals(U.arrayBaseOffset(String[].class), ArrayLayout.REFERENCE_BASE);
        assertEquals(U.arrayIndexScale(String[].class), ArrayLayout.REFERENCE_SCALE);
    }
}
