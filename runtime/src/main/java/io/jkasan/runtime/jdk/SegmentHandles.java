package io.jkasan.runtime.jdk;

/**
 * Tells the JDK's own segment {@code VarHandle}s from adapted ones, for the segment loops the agent brackets
 * (docs/design.md, "Segment loops").
 *
 * <p>On JDK 25 a value layout's {@code varHandle()}, and {@code MethodHandles.memorySegmentViewVarHandle}, is a
 * {@code java.lang.invoke.SegmentVarHandle}: an access of its segment coordinate at its offset, bounded by the
 * JDK to that segment and running nothing else. A handle adapted with {@code MethodHandles.filterValue},
 * {@code filterCoordinates} and the like is an {@code IndirectVarHandle}, whose filters may run any of the
 * program's code. The class is looked up by name once; on a JDK without it no handle is direct, and loops
 * through handles keep their per-access checks.
 */
public final class SegmentHandles {
    /** {@code java.lang.invoke.SegmentVarHandle}, or {@code null} on a JDK that has no such class. */
    private static final Class<?> DIRECT = direct();

    private SegmentHandles() {
    }

    /**
     * @param handle a {@code VarHandle}, or {@code null}
     * @return whether it is one of the JDK's own segment handles
     */
    public static boolean direct(Object handle) {
        return handle != null && handle.getClass() == DIRECT;
    }

    private static Class<?> direct() {
        try {
            return Class.forName("java.lang.invoke.SegmentVarHandle", false, null);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }
}
