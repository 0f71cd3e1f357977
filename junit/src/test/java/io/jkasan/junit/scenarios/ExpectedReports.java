package io.jkasan.junit.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jkasan.KasanReport;
import io.jkasan.junit.KasanAssertions;
import io.jkasan.junit.KasanExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What expectKasanReport claims and what it leaves to fail the test. */
@ExtendWith(KasanExtension.class)
class ExpectedReports {
    @Test
    void expected_report_is_claimed() {
        KasanReport r = KasanAssertions.expectKasanReport("vmalloc-out-of-bounds", OffHeap::outOfBoundsWrite);
        assertEquals(1, r.size());
    }

    @Test
    void expected_report_of_another_type_fails() {
        KasanAssertions.expectKasanReport("double-free", OffHeap::outOfBoundsWrite);
    }

    @Test
    void expected_report_that_does_not_happen_fails() {
        KasanAssertions.expectKasanReport("use-after-free", OffHeap::correctWrite);
    }

    @Test
    void a_second_report_in_the_block_fails_the_test() {
        KasanAssertions.expectKasanReport("vmalloc-out-of-bounds", () -> {
            OffHeap.outOfBoundsWrite();
            OffHeap.doubleFree();
        });
    }
}
