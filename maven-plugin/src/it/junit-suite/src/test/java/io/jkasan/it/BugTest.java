package io.jkasan.it;

import org.junit.jupiter.api.Test;

/** Writes one byte past a 16-byte allocation: KasanExtension, auto-detected, fails the test. */
class BugTest {
    @Test
    void writes_past_the_end() {
        OffHeap.writeByte(16, 16);
    }
}
