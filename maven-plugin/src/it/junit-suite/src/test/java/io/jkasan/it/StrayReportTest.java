package io.jkasan.it;

import io.jkasan.junit.KasanAssertions;
import org.junit.jupiter.api.Test;

/**
 * A stray report, then an expected one: the expectation claims only its own report, and first fails because
 * the stray one is pending, so the test fails naming the stray report.
 */
class StrayReportTest {
    @Test
    void stray_write_then_an_expected_one() {
        OffHeap.writeByte(16, 16);
        KasanAssertions.expectKasanReport("use-after-free", OffHeap::readAfterFree);
    }
}
