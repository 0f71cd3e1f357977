package io.jkasan.samples;

/**
 * Ships bursts of events through a 16-slot {@link OffHeapRingBuffer}; the consumer drains at most 6 events per
 * tick, so larger bursts build a backlog and the write index walks all the way to the last slot.
 */
final class RingBufferScenario implements Scenario {
    private static final int CAPACITY = 16;
    private static final int TICKS = 40;
    private static final int DRAIN_PER_TICK = 6;

    @Override
    public String run(final boolean bug) {
        long shipped = 0;
        long dropped = 0;
        long checksum = 0;
        long next = 1;
        try (OffHeapRingBuffer ring = new OffHeapRingBuffer(CAPACITY, bug)) {
            for (int tick = 0; tick < TICKS; tick++) {
                final int burst = tick < TICKS / 2 ? 2 + tick % 4 : 5 + tick % 5;
                for (int i = 0; i < burst; i++, next++) {
                    if (!ring.offer(next)) {
                        dropped++;
                    }
                }
                for (int i = 0; i < DRAIN_PER_TICK && !ring.isEmpty(); i++) {
                    checksum = 31 * checksum + ring.poll();
                    shipped++;
                }
            }
            while (!ring.isEmpty()) {
                checksum = 31 * checksum + ring.poll();
                shipped++;
            }
        }
        return "shipped " + shipped + " events, dropped " + dropped + ", checksum " + Long.toHexString(checksum);
    }
}
