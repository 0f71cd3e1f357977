package io.jkasan.junit.scenarios;

import io.jkasan.junit.KasanAssertions;
import io.jkasan.junit.KasanExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A stray report, then an expected one for another bug: the stray one must fail the test. */
@ExtendWith(KasanExtension.class)
class StrayReportThenExpected {
    @Test
    void stray_report_then_expected_one() {
        OffHeap.outOfBoundsWrite();
        KasanAssertions.expectKasanReport("use-after-free", OffHeap::useAfterFree);
    }
}
