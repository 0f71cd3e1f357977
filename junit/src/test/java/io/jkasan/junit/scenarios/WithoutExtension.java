package io.jkasan.junit.scenarios;

import org.junit.jupiter.api.Test;

/** A class that does not use KasanExtension makes a report: the run fails at its end, not this test. */
class WithoutExtension {
    @Test
    void reports_unwatched() {
        OffHeap.outOfBoundsWrite();
    }
}
