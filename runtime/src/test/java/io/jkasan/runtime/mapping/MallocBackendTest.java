package io.jkasan.runtime.mapping;

import static io.jkasan.runtime.jdk.UnsafeAccess.U;
import static io.jkasan.runtime.testing.ResidentPages.resident;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The JDK 17 backend gives pages back as the JDK 22+ one does: {@code madvise(MADV_DONTNEED)} through the JDK's
 * own native method, reachable here because the test JVM opens {@code java.nio} as the agent does.
 */
class MallocBackendTest {
    private static final long PAGE = 4096;

    @Test
    void the_jdks_madvise_is_reachable_with_java_nio_open() {
        assertTrue(JdkMadvise.available(), "java.nio.MappedMemoryUtils.unload0 is opened by the test JVM's arguments");
    }

    @Test
    void discarding_gives_touched_pages_back_and_they_read_zero_while_their_neighbours_keep_theirs()
            throws IOException, ReservationException {
        MallocBackend backend = new MallocBackend();
        long bytes = 64L << 20;                                       // above glibc's mmap threshold: fresh pages
        long start = backend.reserve(bytes);
        for (long p = start; p < start + 8 * PAGE; p += PAGE) {
            U.putByte(p, (byte) 7);
        }
        assertTrue(resident(start + 3 * PAGE), "the store faulted the page in");
        backend.discard(start + 2 * PAGE, 4 * PAGE);
        assertFalse(resident(start + 3 * PAGE), "given back, not zero-filled in place");
        assertEquals(0, U.getByte(start + 3 * PAGE));
        assertEquals(7, U.getByte(start + PAGE), "the page before the range keeps its data");
        assertEquals(7, U.getByte(start + 6 * PAGE), "and the page after it");
        backend.discard(start, bytes);
    }
}
