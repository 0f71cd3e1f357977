package io.jkasan.junit.scenarios;

import io.jkasan.junit.KasanExtension;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test leaves a thread behind that writes out of bounds after every test has finished; the scenario runner
 * releases it then ({@link #release}).
 */
@ExtendWith(KasanExtension.class)
class OutlivingThread {
    private static final CountDownLatch LATER = new CountDownLatch(1);
    private static Thread left;

    @Test
    void leaves_a_thread_behind() {
        left = new Thread(() -> {
            try {
                LATER.await();
            } catch (InterruptedException e) {
                return;
            }
            OffHeap.doubleFree();
        }, "outliving");
        left.start();
    }

    /**
     * Lets the left-behind thread make its report and waits for it.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    static void release() throws InterruptedException {
        LATER.countDown();
        left.join();
    }
}
