package io.jkasan.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jkasan.agent.filter.ClassFilter;
import io.jkasan.agent.instr.targets.NoUnsafe;
import io.jkasan.agent.instr.targets.UnsafeTarget;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The transformer's decisions around the rewriter: selection, pre-filter, and failure handling. */
class UnsafeTransformerTest {
    private static final ClassLoader APP = UnsafeTransformerTest.class.getClassLoader();
    private final UnsafeTransformer transformer =
            new UnsafeTransformer(new ClassFilter("*", "com.excluded.*", false), null, null);

    @Test
    void selected_class_with_unsafe_call_sites_is_rewritten() throws IOException {
        assertNotNull(transform("com/example/Target", bytes(UnsafeTarget.class)));
    }

    @Test
    void class_without_unsafe_is_returned_unchanged() throws IOException {
        assertNull(transform("com/example/Plain", bytes(NoUnsafe.class)));
    }

    @Test
    void excluded_class_is_returned_unchanged() throws IOException {
        assertNull(transform("com/excluded/Target", bytes(UnsafeTarget.class)));
    }

    @Test
    void agent_and_runtime_classes_are_never_rewritten() throws IOException {
        assertNull(transform("io/jkasan/agent/Anything", bytes(UnsafeTarget.class)));
        assertNull(transform("io/jkasan/runtime/hooks/Anything", bytes(UnsafeTarget.class)));
    }

    @Test
    void unnamed_class_is_returned_unchanged() throws IOException {
        assertNull(transform(null, bytes(UnsafeTarget.class)));
    }

    @Test
    void unparsable_class_is_left_unchanged_with_one_line_on_stderr() {
        byte[] garbage = "not a class, but it mentions sun/misc/Unsafe".getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertNull(transform("com/foo/Bar", garbage));
        } finally {
            System.setErr(saved);
        }
        String printed = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, printed.lines().count(), printed);
        String line = printed.strip();
        assertEquals(true, line.startsWith("jkasan: cannot instrument com.foo.Bar: "), line);
        assertEquals(true, line.endsWith("; left unchanged"), line);
    }

    private byte[] transform(String name, byte[] classfile) {
        return transformer.transform(APP.getUnnamedModule(), APP, name, null, null, classfile);
    }

    private static byte[] bytes(Class<?> type) throws IOException {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }
}
