package io.jkasan.junit.scenarios;

import io.jkasan.junit.KasanExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A use after free in the static initialiser, which {@code @BeforeAll} triggers: the class fails. */
@ExtendWith(KasanExtension.class)
class ReportInStaticInitialiser {
    static {
        OffHeap.useAfterFree();
    }

    @BeforeAll
    static void setUp() {
        OffHeap.correctWrite();
    }

    @Test
    void clean() {
        OffHeap.correctWrite();
    }
}
