package io.jkasan.runtime.hooks;

import static io.jkasan.runtime.testing.KasanExpectations.expectNoReport;
import static io.jkasan.runtime.testing.KasanExpectations.expectReport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkasan.runtime.check.AccessChecker;
import io.jkasan.runtime.jdk.InterceptionGuard;
import io.jkasan.runtime.jdk.UnsafeAccess;
import io.jkasan.runtime.shadow.ShadowMapping;
import io.jkasan.runtime.testing.KasanExpectations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the prologues in jdk.internal.misc.Unsafe take from the JDK and what they leave to it. */
@ExtendWith(KasanExpectations.class)
class AllocatorHooksTest {
    @Test
    void positive_sizes_are_served_and_the_rest_is_left_to_the_jdks_own_checks() {
        assertTrue(AllocatorHooks.interceptsAllocate(1));
        assertFalse(AllocatorHooks.interceptsAllocate(0), "0 returns 0 in the original");
        assertFalse(AllocatorHooks.interceptsAllocate(-1), "the original throws its own IllegalArgumentException");
        long p = AllocatorHooks.allocateMemory(13);
        assertTrue(ShadowMapping.inArena(p));
        assertEquals(0, p & 4095, "page-aligned");
        expectReport("vmalloc-out-of-bounds", () -> AccessChecker.check(p + 13, 1, true));
        assertTrue(AllocatorHooks.freeMemory(p));
        expectReport("use-after-free", () -> AccessChecker.check(p, 1, false));
    }

    @Test
    void a_thread_inside_jkasans_allocator_allocates_from_the_jdk() {
        InterceptionGuard guard = InterceptionGuard.enter();
        try {
            assertFalse(AllocatorHooks.interceptsAllocate(64));
            assertFalse(AllocatorHooks.interceptsReallocate(0, 64));
        } finally {
            guard.exit();
        }
        assertTrue(AllocatorHooks.interceptsAllocate(64));
    }

    @Test
    void arena_pointers_always_return_to_the_arena_and_others_to_the_jdk() {
        long p = AllocatorHooks.allocateMemory(64);
        assertTrue(AllocatorHooks.interceptsReallocate(p, 128));
        assertFalse(AllocatorHooks.interceptsReallocate(p, 0), "a zero-size reallocation frees through freeMemory");
        long q = AllocatorHooks.reallocateMemory(p, 128);
        expectReport("use-after-free", () -> AccessChecker.check(p, 1, false));
        InterceptionGuard guard = InterceptionGuard.enter();
        try {
            assertTrue(AllocatorHooks.freeMemory(q), "even inside the allocator, an arena address never reaches free()");
        } finally {
            guard.exit();
        }
        long malloced = UnsafeAccess.U.allocateMemory(64);   // no prologue in this JVM: the JDK's malloc
        assertFalse(AllocatorHooks.interceptsReallocate(malloced, 128));
        assertFalse(AllocatorHooks.freeMemory(malloced));
        UnsafeAccess.U.freeMemory(malloced);
        assertFalse(AllocatorHooks.freeMemory(0));
    }

    @Test
    void a_pointer_in_the_first_page_is_an_invalid_free_not_a_crash() {
        expectReport("invalid-free", () -> assertTrue(AllocatorHooks.freeMemory(8)));
        expectNoReport(() -> assertFalse(AllocatorHooks.freeMemory(0)));
    }
}
