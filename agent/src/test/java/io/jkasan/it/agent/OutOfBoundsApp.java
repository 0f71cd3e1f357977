package io.jkasan.it.agent;

import java.lang.reflect.Field;
import sun.misc.Unsafe;

/**
 * A program run under the real agent jar by {@code AgentRunIT}: reads 8 bytes past a 16-byte allocation.
 * Its package is outside {@code io.jkasan.agent} so the agent's class filter selects it.
 */
@SuppressWarnings("removal")
public final class OutOfBoundsApp {
    private OutOfBoundsApp() {
    }

    /**
     * @param args ignored
     * @throws ReflectiveOperationException never, on a JDK with {@code theUnsafe}
     */
    public static void main(String[] args) throws ReflectiveOperationException {
        Field f = Unsafe.class.getDeclaredField("theUnsafe");
        f.setAccessible(true);
        Unsafe u = (Unsafe) f.get(null);
        long address = u.allocateMemory(16);
        u.putLong(address, 42);
        long past = u.getLong(address + 16);
        u.freeMemory(address);
        System.out.println("done " + (past == past));
    }
}
