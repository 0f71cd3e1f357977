package io.jkasan.agent.instr;

import io.jkasan.agent.instr.targets.InternalUnsafeTarget;
import io.jkasan.agent.instr.targets.UnsafeTarget;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Golden snapshots of rewritten methods, one per shape of {@code Unsafe} call. */
class ClassRewriterSnapshotTest {
    private static final byte[] SUN_MISC = ClassRewriter.rewrite(TestClasses.bytes(UnsafeTarget.class));
    private static final byte[] INTERNAL = ClassRewriter.rewrite(TestClasses.bytes(InternalUnsafeTarget.class));

    @Test
    void absolute_getLong_becomes_its_span_bridge_after_a_verdict_of_its_own() throws IOException {
        Snapshots.assertSnapshot("UnsafeTarget", "getLongAbsolute", SUN_MISC);
    }

    @Test
    void putInt_with_object_base_keeps_its_operands_in_locals_around_its_verdict() throws IOException {
        Snapshots.assertSnapshot("UnsafeTarget", "putIntWithBase", SUN_MISC);
    }

    @Test
    void compareAndSwapLong_becomes_its_span_bridge_after_a_verdict_of_its_own() throws IOException {
        Snapshots.assertSnapshot("UnsafeTarget", "compareAndSwapLong", SUN_MISC);
    }

    @Test
    void copyMemory_becomes_bridge() throws IOException {
        Snapshots.assertSnapshot("UnsafeTarget", "copyMemory", SUN_MISC);
    }

    @Test
    void allocation_bridges_get_a_call_site_id_and_one_more_stack_slot() throws IOException {
        Snapshots.assertSnapshot("UnsafeTarget", "allocateReallocateFree", SUN_MISC);
    }

    @Test
    void non_memory_methods_are_left_alone() throws IOException {
        Snapshots.assertSnapshot("UnsafeTarget", "addressSizeIsNotAMemoryAccess", SUN_MISC);
    }

    @Test
    void internal_unsafe_calls_go_to_the_internal_hook_class() throws IOException {
        Snapshots.assertSnapshot("InternalUnsafeTarget", "allocateAndRead", INTERNAL);
    }
}
