package io.jkasan.agent.instr.targets;

/** Never mentions {@code Unsafe}: stopped by the pre-filter. */
public final class NoUnsafe {
    private NoUnsafe() {
    }

    static int twice(int x) {
        return 2 * x;
    }
}
