package io.jkasan.agent.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The pure selection rule of {@link ClassFilter}. */
class ClassFilterTest {
    private final ClassFilter all = new ClassFilter("*", "", false);

    @Test
    void application_classes_are_selected_by_default() {
        assertTrue(all.accepts("com/example/Pool", false));
        assertTrue(all.accepts("Toplevel", false));
    }

    @Test
    void agent_runtime_and_shaded_classes_are_never_selected() {
        ClassFilter jdkToo = new ClassFilter("*", "", true);
        for (String own : new String[] {"io/jkasan/agent/PreMain", "io/jkasan/agent/shaded/asm/ClassReader",
            "io/jkasan/runtime/hooks/SunMiscUnsafeHooks", "io/jkasan/Jkasan", "io/jkasan/KasanReport"}) {
            assertFalse(all.accepts(own, false), own);
            assertFalse(jdkToo.accepts(own, true), own);
        }
    }

    @Test
    void subpackages_of_io_jkasan_outside_agent_and_runtime_are_user_code() {
        assertTrue(all.accepts("io/jkasan/samples/UseAfterFree", false));
        assertTrue(all.accepts("io/jkasan/it/Scenario", false));
    }

    @Test
    void jdk_classes_need_include_jdk() {
        for (String jdk : new String[] {"java/nio/DirectByteBuffer", "javax/crypto/Cipher", "jdk/internal/misc/X",
            "sun/nio/ch/Util", "com/sun/crypto/provider/AESCrypt"}) {
            assertFalse(all.accepts(jdk, false), jdk);
            assertTrue(new ClassFilter("*", "", true).accepts(jdk, false), jdk);
        }
        assertTrue(all.accepts("com/sunny/App", false));
    }

    @Test
    void the_segment_funnel_is_left_to_its_own_rewrite_from_jdk_22_on_even_with_include_jdk() {
        boolean funnelRewritten = Runtime.version().feature() >= 22;
        assertEquals(!funnelRewritten, new ClassFilter("*", "", true)
                .accepts("jdk/internal/misc/ScopedMemoryAccess", true));
        assertFalse(all.accepts("jdk/internal/misc/ScopedMemoryAccess", true));
    }

    @Test
    void classes_of_the_boot_and_platform_loaders_need_include_jdk() {
        assertFalse(all.accepts("com/example/OnBootPath", true));
        assertTrue(new ClassFilter("*", "", true).accepts("com/example/OnBootPath", true));
    }

    @Test
    void shouldInstrument_treats_null_and_platform_loader_as_jdk_loaders() {
        assertFalse(all.shouldInstrument(null, "com/example/A"));
        assertFalse(all.shouldInstrument(ClassLoader.getPlatformClassLoader(), "com/example/A"));
        assertTrue(all.shouldInstrument(ClassLoader.getSystemClassLoader(), "com/example/A"));
    }

    @Test
    void includes_select_by_dotted_glob() {
        ClassFilter filter = new ClassFilter("com.example.*:org.?ool.Pool", "", false);
        assertTrue(filter.accepts("com/example/deep/Pool", false));
        assertTrue(filter.accepts("org/pool/Pool", false));
        assertFalse(filter.accepts("org/spool/Pool", false));
        assertFalse(filter.accepts("net/other/Pool", false));
    }

    @Test
    void excludes_win_over_includes() {
        ClassFilter filter = new ClassFilter("com.example.*", "com.example.generated.*:*Test", false);
        assertTrue(filter.accepts("com/example/Pool", false));
        assertFalse(filter.accepts("com/example/generated/Pool", false));
        assertFalse(filter.accepts("com/example/PoolTest", false));
    }

    @Test
    void null_globs_mean_all_and_none() {
        assertTrue(new ClassFilter(null, null, false).accepts("com/example/Pool", false));
    }
}
