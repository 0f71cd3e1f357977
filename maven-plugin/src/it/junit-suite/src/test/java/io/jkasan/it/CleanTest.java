package io.jkasan.it;

import org.junit.jupiter.api.Test;

/** Writes the last byte of the allocation: the test passes. */
class CleanTest {
    @Test
    void writes_the_last_byte() {
        OffHeap.writeByte(16, 15);
    }
}
