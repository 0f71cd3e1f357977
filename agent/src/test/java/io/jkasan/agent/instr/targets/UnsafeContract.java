package io.jkasan.agent.instr.targets;

/**
 * What behavioural tests call on a target loaded in an isolated loader: the interface comes from the
 * parent loader, so original and rewritten copies of the target are used through the same type.
 */
public interface UnsafeContract {
    /**
     * Allocates, writes, grows, reads back and frees off-heap memory.
     *
     * @param value the value to round-trip
     * @return what was read back
     */
    long writeGrowRead(long value);

    /**
     * Reads the 8 bytes just past a 16-byte allocation, then frees it.
     *
     * @return whatever was there
     */
    long readPastEnd();
}
