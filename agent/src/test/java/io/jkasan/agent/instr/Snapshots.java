package io.jkasan.agent.instr;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.util.Textifier;
import org.objectweb.asm.util.TraceMethodVisitor;

/**
 * Golden files of rewritten methods, JaCoCo {@code MethodSnapshot} style: the Textifier dump of a method is
 * compared with {@code src/test/resources/snapshots/<Target>/<method>.txt}; on a difference the new dump is
 * written next to it as {@code .txt.new} and the test fails naming both. Updating a snapshot means
 * reviewing and copying that file; nothing regenerates snapshots silently.
 */
final class Snapshots {
    private static final Path ROOT = Paths.get("src", "test", "resources", "snapshots");

    private Snapshots() {
    }

    static void assertSnapshot(String target, String method, byte[] classfile) throws IOException {
        String actual = textify(classfile, method);
        Path expected = ROOT.resolve(target).resolve(method + ".txt");
        Path fresh = ROOT.resolve(target).resolve(method + ".txt.new");
        if (Files.exists(expected)
                && new String(Files.readAllBytes(expected), StandardCharsets.UTF_8).equals(actual)) {
            Files.deleteIfExists(fresh);
            return;
        }
        Files.createDirectories(fresh.getParent());
        Files.write(fresh, actual.getBytes(StandardCharsets.UTF_8));
        fail("snapshot mismatch: expected " + expected.toAbsolutePath() + ", actual written to "
                + fresh.toAbsolutePath());
    }

    /**
     * Dumps one method, with line numbers and call-site ids replaced by placeholders: both depend on things
     * a snapshot should not (editing the target's source, the order tests register call sites in).
     */
    static String textify(byte[] classfile, String method) {
        List<Textifier> found = new ArrayList<>();
        new ClassReader(classfile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                if (!name.equals(method)) {
                    return null;
                }
                Textifier textifier = new Textifier();
                found.add(textifier);
                return new TraceMethodVisitor(textifier);
            }
        }, 0);
        if (found.size() != 1) {
            throw new AssertionError("expected one method named " + method + ", found " + found.size());
        }
        StringWriter out = new StringWriter();
        found.get(0).print(new PrintWriter(out));
        return normalise(out.toString());
    }

    private static String normalise(String text) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            lines[i] = lines[i].replaceAll("LINENUMBER \\d+ ", "LINENUMBER <line> ");
            boolean beforeAllocationBridge = i + 1 < lines.length
                    && lines[i + 1].contains("INVOKESTATIC io/jkasan/runtime/hooks/")
                    && (lines[i + 1].contains(".allocateMemory ") || lines[i + 1].contains(".reallocateMemory "));
            if (beforeAllocationBridge) {
                lines[i] = lines[i].replaceAll("(ICONST_\\d|BIPUSH \\d+|SIPUSH \\d+|LDC \\d+)", "<call-site id>");
            }
        }
        return String.join("\n", lines);
    }
}
