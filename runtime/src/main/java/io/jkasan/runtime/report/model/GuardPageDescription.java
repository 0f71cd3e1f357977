package io.jkasan.runtime.report.model;

/**
 * An address in the guard page below or above a guarded thread stack: reported with the VMAP_STACK
 * message instead of a KASAN header ({@code handle_stack_overflow}, {@code arch/x86/kernel/traps.c}).
 */
public final class GuardPageDescription implements AddressDescription {
    private final long low;
    private final long high;

    /**
     * @param low the stack's lowest address
     * @param high its highest address
     */
    public GuardPageDescription(long low, long high) {
        this.low = low;
        this.high = high;
    }

    /** @return the stack's lowest address */
    public long low() {
        return low;
    }

    /** @return the stack's highest address */
    public long high() {
        return high;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.guardPage(this);
    }
}
