package io.jkasan.it.agent;

import java.lang.reflect.Field;
import sun.misc.Unsafe;

/**
 * A program run under the real agent jar by {@code PaddedStateIT}: prints, for one field of each object the
 * runtime pads against false sharing between threads, whether the JVM laid it out behind a padding of at least
 * 128 bytes. The JVM honours {@code jdk.internal.vm.annotation.Contended} only in classes of the boot and
 * platform loaders, so this holds only as long as the runtime is loaded from the boot class path, as the agent
 * jar's manifest puts it.
 */
@SuppressWarnings("removal")
public final class PaddedStateApp {
    /** Class and field, one per padded object. */
    private static final String[][] FIELDS = {
        {"io.jkasan.runtime.alloc.VmallocNode", "liveBytes"},
        {"io.jkasan.runtime.alloc.FreeSpace", "freeBytes"},
        {"io.jkasan.runtime.alloc.WaitingAreas", "size"},
        {"io.jkasan.runtime.alloc.FreedBatch", "count"},
        {"io.jkasan.runtime.alloc.PageKeeping", "keepBelow"},
        {"io.jkasan.runtime.alloc.AllocationOrder$Block", "last"},
        {"io.jkasan.runtime.jdk.InterceptionGuard", "depth"},
    };

    private PaddedStateApp() {
    }

    /**
     * @param args ignored
     * @throws ReflectiveOperationException if a class or field is missing
     */
    public static void main(String[] args) throws ReflectiveOperationException {
        Field f = Unsafe.class.getDeclaredField("theUnsafe");
        f.setAccessible(true);
        Unsafe u = (Unsafe) f.get(null);
        for (String[] field : FIELDS) {
            Class<?> c = Class.forName(field[0], false, null);       // the boot loader's, as the agent loads it
            long offset = u.objectFieldOffset(c.getDeclaredField(field[1]));
            System.out.println(c.getSimpleName() + "." + field[1] + (offset >= 128 ? " padded" : " at " + offset));
        }
    }
}
