package io.jkasan.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jkasan.KasanReport;
import io.jkasan.junit.KasanAssertions;
import org.junit.jupiter.api.Test;

/** The same bug, expected: the test passes. */
class ExpectedReportTest {
    @Test
    void expects_the_write_past_the_end() {
        KasanReport r = KasanAssertions.expectKasanReport("vmalloc-out-of-bounds", () -> OffHeap.writeByte(16, 16));
        assertEquals(1, r.size());
    }
}
