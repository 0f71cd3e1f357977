package io.jkasan.junit.scenarios;

import io.jkasan.junit.KasanExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An out-of-bounds write in the constructor: the test whose instance it built fails. */
@ExtendWith(KasanExtension.class)
class ReportInConstructor {
    ReportInConstructor() {
        OffHeap.outOfBoundsWrite();
    }

    @Test
    void clean() {
        OffHeap.correctWrite();
    }
}
