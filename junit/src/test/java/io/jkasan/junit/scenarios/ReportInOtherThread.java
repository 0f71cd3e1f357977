package io.jkasan.junit.scenarios;

import io.jkasan.junit.KasanExtension;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/** Another thread writes out of bounds while a test runs: that test fails, the next one does not. */
@ExtendWith(KasanExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReportInOtherThread {
    @Test
    @Order(1)
    void another_thread_reports() throws InterruptedException {
        Thread t = new Thread(OffHeap::outOfBoundsWrite, "worker");
        t.start();
        t.join();
    }

    @Test
    @Order(2)
    void clean_afterwards() {
        OffHeap.correctWrite();
    }
}
