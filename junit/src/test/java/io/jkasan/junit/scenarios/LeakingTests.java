package io.jkasan.junit.scenarios;

import io.jkasan.junit.KasanExtension;
import io.jkasan.junit.KasanLeakCheck;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The per-test leak check: a test that forgets to free fails; one that frees, or keeps a direct buffer, passes. */
@ExtendWith(KasanExtension.class)
@KasanLeakCheck
class LeakingTests {
    private static ByteBuffer kept;

    @Test
    void forgets_to_free() {
        OffHeap.allocate(48);
    }

    @Test
    void frees_what_it_allocates() {
        OffHeap.correctWrite();
    }

    @Test
    void keeps_a_direct_buffer() {
        kept = ByteBuffer.allocateDirect(4096);
        kept.put(0, (byte) 1);
    }
}
