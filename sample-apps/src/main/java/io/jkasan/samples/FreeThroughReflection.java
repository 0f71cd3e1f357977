package io.jkasan.samples;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import sun.misc.Unsafe;

/**
 * Frees memory through a path no call site shows, reflection ({@code Method.invoke}) or a
 * {@code MethodHandle}, as frameworks do: the free must return the area to jkasan, not reach {@code free()}.
 * The buggy variant reads the memory afterwards; the twin reads before.
 */
final class FreeThroughReflection implements Scenario {
    private static final long SIZE = 64;
    private final boolean methodHandle;

    /** @param methodHandle free through a {@code MethodHandle} rather than {@code Method.invoke} */
    FreeThroughReflection(final boolean methodHandle) {
        this.methodHandle = methodHandle;
    }

    @Override
    public String run(final boolean bug) throws Throwable {
        final Unsafe unsafe = Unsafes.unsafe();
        final long p = unsafe.allocateMemory(SIZE); // @ALLOC
        unsafe.putLong(p, 0x1122334455667788L);
        long value = bug ? 0 : unsafe.getLong(p);
        if (methodHandle) {
            final MethodHandle free = MethodHandles.lookup().findVirtual(Unsafe.class, "freeMemory",
                    MethodType.methodType(void.class, long.class));
            free.invokeExact(unsafe, p); // @FREE_MH
        } else {
            final Method free = Unsafe.class.getMethod("freeMemory", long.class);
            free.invoke(unsafe, p); // @FREE_REFLECT
        }
        if (bug) {
            value = unsafe.getLong(p); // @ACCESS
        }
        // CHECK: BUG: KASAN: use-after-free in io.jkasan.samples.FreeThroughReflection.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}}
        // CHECK-NEXT: Read of size 8 at addr [[ADDR:[0-9a-f]{16}]] by task main/{{[0-9]+}}
        // CHECK: Call Trace:
        // CHECK-NEXT: io.jkasan.samples.FreeThroughReflection.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (FreeThroughReflection.java:[[@ACCESS]])
        // CHECK: created by:
        // CHECK-NEXT: io.jkasan.samples.FreeThroughReflection.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (FreeThroughReflection.java:[[@ALLOC]])
        // CHECK: freed 64-byte region [[[ADDR]], {{[0-9a-f]{16}}})
        // CHECK: Freed by task main/{{[0-9]+}}:
        // CHECK-NEXT: jdk.internal.misc.Unsafe.freeMemory+0x0/0x{{[0-9a-f]+}} (Unsafe.java:{{[0-9]+}})
        // CHECK-NEXT: sun.misc.Unsafe.freeMemory+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (Unsafe.java:{{[0-9]+}})
        // CHECK-NEXT: io.jkasan.samples.FreeThroughReflection.run+0x{{[0-9a-f]+}}/0x{{[0-9a-f]+}} (FreeThroughReflection.java:{{[0-9]+}})
        return (methodHandle ? "freed through a MethodHandle" : "freed through Method.invoke") + ", read "
                + Long.toHexString(value);
    }
}
