package io.jkasan.junit.scenarios;

import io.jkasan.junit.KasanAssertions;
import io.jkasan.junit.KasanExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The correct twins: off-heap work in every place the other scenarios make reports, and none fails. */
@ExtendWith(KasanExtension.class)
class CleanEverywhere {
    static {
        OffHeap.correctWrite();
    }

    CleanEverywhere() {
        OffHeap.correctWrite();
    }

    @BeforeAll
    static void setUpClass() {
        OffHeap.correctWrite();
    }

    @BeforeEach
    void setUp() {
        OffHeap.correctWrite();
    }

    @Test
    void in_the_test() {
        OffHeap.correctWrite();
    }

    @Test
    void in_another_thread() throws InterruptedException {
        Thread t = new Thread(OffHeap::correctWrite, "worker");
        t.start();
        t.join();
    }

    @Test
    void expected_report() {
        KasanAssertions.expectKasanReport("use-after-free", OffHeap::useAfterFree);
    }

    @AfterEach
    void tearDown() {
        OffHeap.correctWrite();
    }

    @AfterAll
    static void tearDownClass() {
        OffHeap.correctWrite();
    }
}
