package io.jkasan.it.agent;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import sun.misc.Unsafe;

/**
 * A program run under the real agent jar by {@code StackKeyIT}: allocates twice on one line and once on another
 * and prints whether the depot keyed their stacks on the JVM's backtrace, and which allocations share a stack
 * record (the runtime's classes are on the boot path under the agent, reached here by reflection).
 */
@SuppressWarnings("removal")
public final class StackKeyApp {
    private StackKeyApp() {
    }

    /**
     * @param args ignored
     * @throws ReflectiveOperationException without the agent, which puts jkasan's runtime on the boot path
     */
    public static void main(String[] args) throws ReflectiveOperationException {
        Field f = Unsafe.class.getDeclaredField("theUnsafe");
        f.setAccessible(true);
        Unsafe u = (Unsafe) f.get(null);
        long[] oneLine = new long[2];
        for (int i = 0; i < 2; i++) {
            oneLine[i] = u.allocateMemory(64);
        }
        long otherLine = u.allocateMemory(64);
        Method available = Class.forName("io.jkasan.runtime.depot.Backtraces").getDeclaredMethod("available");
        available.setAccessible(true);
        Object space = Class.forName("io.jkasan.runtime.state.RuntimeState").getMethod("space").invoke(null);
        Method liveAreaAt = space.getClass().getMethod("liveAreaAt", long.class);
        Method allocStack = Class.forName("io.jkasan.runtime.alloc.VmallocArea").getMethod("allocStack");
        Object first = allocStack.invoke(liveAreaAt.invoke(space, oneLine[0]));
        Object second = allocStack.invoke(liveAreaAt.invoke(space, oneLine[1]));
        Object other = allocStack.invoke(liveAreaAt.invoke(space, otherLine));
        System.out.println("backtrace keys: " + available.invoke(null) + "; one line, one record: "
                + (first != null && first == second) + "; another line, another record: "
                + (other != null && other != first));
        u.freeMemory(oneLine[0]);
        u.freeMemory(oneLine[1]);
        u.freeMemory(otherLine);
    }
}
