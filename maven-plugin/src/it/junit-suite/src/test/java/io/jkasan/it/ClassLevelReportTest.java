package io.jkasan.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A write past the end in {@code @BeforeAll} and a double free in {@code @AfterAll}: the test between them is
 * clean and passes, the class fails with both reports.
 */
class ClassLevelReportTest {
    @BeforeAll
    static void setUp() {
        OffHeap.writeByte(16, 16);
    }

    @Test
    void clean_in_between() {
        OffHeap.writeByte(16, 15);
    }

    @AfterAll
    static void tearDown() {
        OffHeap.doubleFree();
    }
}
