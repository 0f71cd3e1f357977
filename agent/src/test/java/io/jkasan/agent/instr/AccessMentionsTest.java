package io.jkasan.agent.instr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The pre-filter's one-pass search against a plain search for each name. */
class AccessMentionsTest {
    private static final List<String> NAMES = searchedNames();

    private static List<String> searchedNames() {
        List<String> names = new ArrayList<>(List.of("sun/misc/Unsafe", "jdk/internal/misc/Unsafe",
                "java/lang/foreign/MemorySegment"));
        if (SegmentLoops.BUFFER_LOOPS) {
            names.add("ByteBuffer");
        }
        return names;
    }

    @Test
    void each_name_is_found_at_the_start_in_the_middle_and_at_the_end() {
        for (String name : NAMES) {
            assertTrue(AccessMentions.in(bytes(name)), name);
            assertTrue(AccessMentions.in(bytes("xx" + name)), name);
            assertTrue(AccessMentions.in(bytes(name + "yy")), name);
            assertTrue(AccessMentions.in(bytes("(L" + name + ";J)V")), name);
        }
    }

    @Test
    void a_name_cut_short_or_changed_in_one_byte_is_not_found() {
        for (String name : NAMES) {
            assertFalse(AccessMentions.in(bytes(name.substring(0, name.length() - 1))), name);
            assertFalse(AccessMentions.in(bytes(name.substring(1))), name);
            for (int i = 0; i < name.length(); i++) {
                char[] changed = name.toCharArray();
                changed[i] = changed[i] == 'q' ? 'r' : 'q';
                assertFalse(AccessMentions.in(bytes(new String(changed))), new String(changed));
            }
        }
    }

    @Test
    void buffers_are_searched_only_where_buffer_loops_are_bracketed() {
        assertEquals(SegmentLoops.BUFFER_LOOPS, AccessMentions.in(bytes("java/nio/MappedByteBuffer")));
    }

    @Test
    void agrees_with_a_plain_search_on_random_bytes() {
        SplittableRandom random = new SplittableRandom(20261206);
        String alphabet = "sunmiscjdkternalUfeavgoryMSBytBf/;LABCXYZ";
        for (int round = 0; round < 5_000; round++) {
            StringBuilder s = new StringBuilder();
            int parts = random.nextInt(6);
            for (int p = 0; p < parts; p++) {
                if (random.nextInt(4) == 0) {
                    String name = NAMES.get(random.nextInt(NAMES.size()));
                    // the whole name, or all but its first or last byte
                    int cut = random.nextInt(3);
                    s.append(cut == 0 ? name : cut == 1 ? name.substring(1) : name.substring(0, name.length() - 1));
                } else {
                    for (int i = random.nextInt(12); i > 0; i--) {
                        s.append(alphabet.charAt(random.nextInt(alphabet.length())));
                    }
                }
            }
            String text = s.toString();
            assertEquals(plainSearch(text), AccessMentions.in(bytes(text)), text);
        }
    }

    @Test
    void agrees_with_a_plain_search_on_jdk_class_files() throws IOException {
        int mentioning = 0;
        for (String name : List.of("java/nio/DirectByteBuffer", "java/nio/ByteBuffer", "java/lang/String",
                "java/util/HashMap", "jdk/internal/misc/ScopedMemoryAccess", "java/lang/foreign/MemorySegment",
                "java/util/concurrent/ConcurrentHashMap", "java/lang/Object", "java/util/zip/ZipFile")) {
            byte[] classfile;
            try (InputStream in = ClassLoader.getSystemResourceAsStream(name + ".class")) {
                if (in == null) {
                    continue;                                  // MemorySegment before JDK 22
                }
                classfile = in.readAllBytes();
            }
            boolean expected = plainSearch(new String(classfile, StandardCharsets.ISO_8859_1));
            assertEquals(expected, AccessMentions.in(classfile), name);
            mentioning += expected ? 1 : 0;
        }
        assertTrue(mentioning >= 3 && mentioning < 9, "the sample holds classes that mention a name and some that do not");
    }

    private static boolean plainSearch(String text) {
        for (String name : NAMES) {
            if (text.contains(name)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
