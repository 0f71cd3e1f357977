package io.jkasan.runtime.depot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.nio.charset.StandardCharsets;

/**
 * Finds the bytecode length of a method, the {@code /0xLEN} part of a frame (the kernel's {@code %pS}
 * prints the symbol's size there).
 *
 * <p>{@code StackWalker} gives the bytecode index but not the code length, so the class file is read once
 * per class, on the report path only, and the {@code Code} attribute of each method is measured. The result
 * is cached per class in a {@link ClassValue}.
 */
public final class CodeLengths {
    private static final ClassValue<Map<String, Integer>> LENGTHS = new ClassValue<Map<String, Integer>>() {
        @Override
        protected Map<String, Integer> computeValue(Class<?> type) {
            return read(type);
        }
    };

    private CodeLengths() {
    }

    /**
     * @param type the declaring class
     * @param name method name
     * @param descriptor method descriptor
     * @return the code length, or -1 if the class file cannot be read
     */
    public static int of(Class<?> type, String name, String descriptor) {
        Integer n = LENGTHS.get(type).get(name + descriptor);
        return n == null ? -1 : n;
    }

    private static Map<String, Integer> read(Class<?> type) {
        String simple = type.getName().substring(type.getName().lastIndexOf('.') + 1);
        try (InputStream in = type.getResourceAsStream(simple + ".class")) {
            if (in == null) {
                return Map.of();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            for (int r; (r = in.read(buf)) > 0; ) {
                out.write(buf, 0, r);
            }
            return parse(out.toByteArray());
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
    }

    /**
     * Parses a class file (JVMS §4) and returns {@code name+descriptor → code length} for every method
     * with a {@code Code} attribute.
     *
     * @param b the class file bytes
     * @return the code lengths
     */
    static Map<String, Integer> parse(byte[] b) {
        int count = u2(b, 8);
        int[] offsets = new int[count];
        int p = 10;
        for (int i = 1; i < count; i++) {
            offsets[i] = p;
            int tag = b[p] & 0xff;
            switch (tag) {
                case 1: p += 3 + u2(b, p + 1); break;                 // Utf8
                case 5: case 6: p += 9; i++; break;                     // Long, Double take two slots
                case 7: case 8: case 16: case 19: case 20: p += 3; break;
                case 15: p += 4; break;
                default: p += 5; break;                                 // 4-byte entries
            }
        }
        p += 6;                                                         // access, this, super
        p += 2 + 2 * u2(b, p);                                          // interfaces
        int fields = u2(b, p);
        p += 2;
        for (int i = 0; i < fields; i++) {
            p = skipAttributes(b, p + 6);
        }
        int methods = u2(b, p);
        p += 2;
        Map<String, Integer> lengths = new HashMap<>();
        for (int i = 0; i < methods; i++) {
            String name = utf8(b, offsets[u2(b, p + 2)]);
            String desc = utf8(b, offsets[u2(b, p + 4)]);
            int attrs = u2(b, p + 6);
            p += 8;
            for (int a = 0; a < attrs; a++) {
                int len = u4(b, p + 2);
                if ("Code".equals(utf8(b, offsets[u2(b, p)]))) {
                    lengths.put(name + desc, u4(b, p + 10));
                }
                p += 6 + len;
            }
        }
        return lengths;
    }

    private static int skipAttributes(byte[] b, int p) {
        int attrs = u2(b, p);
        p += 2;
        for (int a = 0; a < attrs; a++) {
            p += 6 + u4(b, p + 2);
        }
        return p;
    }

    private static String utf8(byte[] b, int offset) {
        // Modified UTF-8; names used here are ASCII in practice, and a mismatch only loses the length.
        return new String(b, offset + 3, u2(b, offset + 1), StandardCharsets.UTF_8);
    }

    private static int u2(byte[] b, int p) {
        return ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff);
    }

    private static int u4(byte[] b, int p) {
        return ((b[p] & 0xff) << 24) | ((b[p + 1] & 0xff) << 16) | ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff);
    }
}
