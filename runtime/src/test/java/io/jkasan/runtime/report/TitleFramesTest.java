package io.jkasan.runtime.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkasan.KasanFrame;
import io.jkasan.runtime.options.OptionException;
import io.jkasan.runtime.options.Options;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The frame a report is named after: the first one outside {@code skip_frames}. */
class TitleFramesTest {
    private static final TitleFrames DEFAULTS = new TitleFrames(Options.defaults().skipFrames());

    private static KasanFrame frame(String className) {
        return new KasanFrame(className, "m", 0, 1, null, -1);
    }

    @Test
    void default_list_holds_the_off_heap_facades_of_popular_libraries_and_the_jdk() {
        for (String facade : List.of("io.netty.util.internal.PlatformDependent0",
                "io.netty.util.internal.PlatformDependent", "org.apache.arrow.memory.util.MemoryUtil",
                "org.agrona.UnsafeApi", "net.openhft.chronicle.core.UnsafeMemory",
                "net.openhft.chronicle.core.UnsafeMemory$X86Memory", "net.openhft.chronicle.core.Memory",
                "java.nio.DirectByteBuffer", "java.nio.ByteBuffer", "jdk.internal.misc.ScopedMemoryAccess",
                "jdk.internal.misc.Unsafe", "sun.misc.Unsafe", "jdk.internal.ref.Cleaner")) {
            assertTrue(DEFAULTS.isSkipped(facade), facade);
        }
        for (String user : List.of("com.acme.Buffer", "io.netty.buffer.UnpooledDirectByteBuf",
                "org.apache.arrow.memory.ArrowBuf", "org.agrona.concurrent.UnsafeBuffer", "java.lang.Thread",
                "jdk.internal.misc.UnsafeX")) {
            assertFalse(DEFAULTS.isSkipped(user), user);
        }
    }

    @Test
    void title_is_the_first_frame_outside_the_list_and_the_trace_keeps_every_frame() {
        List<KasanFrame> trace = List.of(frame("org.agrona.UnsafeApi"), frame("org.agrona.concurrent.UnsafeBuffer"),
                frame("com.acme.Main"));
        assertEquals(1, DEFAULTS.titleIndex(trace));
        assertEquals("org.agrona.concurrent.UnsafeBuffer", DEFAULTS.title(trace).className());
    }

    @Test
    void a_trace_of_skipped_frames_only_is_named_after_the_access() {
        assertEquals(0, DEFAULTS.titleIndex(List.of(frame("java.nio.Bits"), frame("sun.misc.Unsafe"))));
        assertEquals(0, DEFAULTS.titleIndex(List.of()));
        assertNull(DEFAULTS.title(List.of()));
        assertNull(DEFAULTS.title(null));
    }

    @Test
    void globs_match_whole_names_with_star_and_question_mark_and_quote_everything_else() {
        TitleFrames t = new TitleFrames("com.acme.?uffer:org.x.*$Inner");
        assertTrue(t.isSkipped("com.acme.Buffer"));
        assertFalse(t.isSkipped("com.acme.Buffers"));
        assertFalse(t.isSkipped("comXacme.Buffer"), "a dot is literal");
        assertTrue(t.isSkipped("org.x.y.Z$Inner"));
        assertFalse(new TitleFrames("").isSkipped("java.nio.ByteBuffer"), "an empty list skips nothing");
    }

    @Test
    void a_value_that_is_no_glob_list_is_refused_in_one_line() {
        OptionException e = assertThrows(OptionException.class,
                () -> Options.fromSources("skip_frames=com/acme/*", new Properties(), Map.of()));
        assertEquals("jkasan: bad value 'com/acme/*' for skip_frames (in the agent argument): 'com/acme/*' is not a"
                + " class-name glob; expected zero or more dotted class-name globs (with * and ?) separated by ':'",
                e.getMessage());
        assertEquals("", Options.fromSources("skip_frames=", new Properties(), Map.of()).skipFrames());
    }
}
