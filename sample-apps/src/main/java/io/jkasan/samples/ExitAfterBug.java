package io.jkasan.samples;

import sun.misc.Unsafe;

/**
 * Writes one byte past an allocation, then ends with {@code System.exit} and a status of its own: 0 for
 * {@code exit-zero}, 3 for {@code exit-three}. Under the default {@code exitcode_on_report=true} the first
 * ends with {@code exitcode} instead, the second keeps its 3. The twin writes inside the allocation and exits
 * with the same status, unchanged.
 */
final class ExitAfterBug implements Scenario {
    private final int status;

    ExitAfterBug(final int status) {
        this.status = status;
    }

    @Override
    public String run(final boolean bug) {
        final Unsafe unsafe = Unsafes.unsafe();
        final long p = unsafe.allocateMemory(8);
        unsafe.putByte(p + (bug ? 8 : 7), (byte) 1);
        unsafe.freeMemory(p);
        System.out.println("exiting with " + status);
        System.exit(status);
        return "not reached";
    }
}
