package io.jkasan.agent.instr.targets;

import sun.misc.Unsafe;

/** Names {@code sun.misc.Unsafe} but makes no memory access through it: passes the pre-filter, rewrites nothing. */
public final class MentionsUnsafeOnly {
    private MentionsUnsafeOnly() {
    }

    static int pageSize(Unsafe unsafe) {
        return unsafe.pageSize();
    }
}
