package io.jkasan.junit.scenarios;

import io.jkasan.junit.KasanExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An out-of-bounds write in {@code @BeforeAll} and a double free in {@code @AfterAll}: the class fails. */
@ExtendWith(KasanExtension.class)
class ReportsInBeforeAllAndAfterAll {
    @BeforeAll
    static void setUp() {
        OffHeap.outOfBoundsWrite();
    }

    @Test
    void clean() {
        OffHeap.correctWrite();
    }

    @AfterAll
    static void tearDown() {
        OffHeap.doubleFree();
    }
}
