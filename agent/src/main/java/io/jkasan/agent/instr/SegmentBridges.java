package io.jkasan.agent.instr;

import java.util.Set;

/**
 * The {@code MemorySegment} call sites that have a bridge in {@code io.jkasan.runtime.hooks.ffm.MemorySegmentHooks}:
 * {@code get(ValueLayout.OfX, long)} and {@code set(ValueLayout.OfX, long, x)} for every value layout,
 * {@code AddressLayout} included (docs/design.md, "The bridges").
 *
 * <p>The bridges are compiled at release 22 and must never be linked on an older JDK, so a call site is
 * rewritten only on a JDK 22+ and only in a class of class-file version 66 (Java 22) or more; an older
 * class file cannot call the final FFM API anyway. The agent names the bridge class by string and never
 * loads it.
 */
final class SegmentBridges {
    /** The receiver's interface. */
    static final String OWNER = "java/lang/foreign/MemorySegment";
    /** The class holding the bridges. */
    static final String HOOK_CLASS = "io/jkasan/runtime/hooks/ffm/MemorySegmentHooks";
    /** Class-file major version of Java 22, the first with the final FFM API. */
    static final int FIRST_CLASS_VERSION = 66;
    /** Whether the running JDK has the final FFM API. */
    static final boolean JDK_SUPPORTS = Runtime.version().feature() >= 22;

    private static final String LAYOUT = "Ljava/lang/foreign/ValueLayout$";
    private static final String ADDRESS_LAYOUT = "Ljava/lang/foreign/AddressLayout;";
    private static final String SEGMENT = "Ljava/lang/foreign/MemorySegment;";

    /** The original descriptors of the bridged {@code get} and {@code set} methods. */
    static final Set<String> DESCRIPTORS = Set.of(
            "get(" + LAYOUT + "OfByte;J)B", "get(" + LAYOUT + "OfBoolean;J)Z", "get(" + LAYOUT + "OfChar;J)C",
            "get(" + LAYOUT + "OfShort;J)S", "get(" + LAYOUT + "OfInt;J)I", "get(" + LAYOUT + "OfLong;J)J",
            "get(" + LAYOUT + "OfFloat;J)F", "get(" + LAYOUT + "OfDouble;J)D",
            "get(" + ADDRESS_LAYOUT + "J)" + SEGMENT,
            "set(" + LAYOUT + "OfByte;JB)V", "set(" + LAYOUT + "OfBoolean;JZ)V", "set(" + LAYOUT + "OfChar;JC)V",
            "set(" + LAYOUT + "OfShort;JS)V", "set(" + LAYOUT + "OfInt;JI)V", "set(" + LAYOUT + "OfLong;JJ)V",
            "set(" + LAYOUT + "OfFloat;JF)V", "set(" + LAYOUT + "OfDouble;JD)V",
            "set(" + ADDRESS_LAYOUT + "J" + SEGMENT + ")V");

    private SegmentBridges() {
    }

    /**
     * @param owner the call's owner, an internal name
     * @param name the method name
     * @param descriptor the method descriptor
     * @return the bridge's descriptor (the receiver as first parameter), or {@code null} if the call has none
     */
    static String bridgeDescriptor(String owner, String name, String descriptor) {
        if (!OWNER.equals(owner) || !DESCRIPTORS.contains(name + descriptor)) {
            return null;
        }
        return "(" + SEGMENT + descriptor.substring(1);
    }
}
