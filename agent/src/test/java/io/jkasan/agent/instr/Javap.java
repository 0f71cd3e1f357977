package io.jkasan.agent.instr;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.spi.ToolProvider;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The JDK's own disassembler as an independent oracle for bytecode indices. */
final class Javap {
    private static final Pattern INSTRUCTION = Pattern.compile("^\\s+(\\d+): (\\w+)(.*)$");

    private Javap() {
    }

    /** One disassembled instruction: its bytecode index, mnemonic and the rest of the line. */
    record Instruction(int bci, String mnemonic, String rest) {
    }

    /** @return the instructions of the one method whose javap header contains {@code " name("} */
    static List<Instruction> code(byte[] classfile, String method) throws IOException {
        Path file = Files.createTempFile("javap", ".class");
        try {
            Files.write(file, classfile);
            StringWriter out = new StringWriter();
            int status = ToolProvider.findFirst("javap").orElseThrow()
                    .run(new PrintWriter(out), new PrintWriter(out), "-c", "-p", file.toString());
            if (status != 0) {
                throw new AssertionError("javap failed: " + out);
            }
            return parse(out.toString(), method);
        } finally {
            Files.delete(file);
        }
    }

    private static List<Instruction> parse(String listing, String method) {
        List<Instruction> code = new ArrayList<>();
        boolean inMethod = false;
        for (String line : listing.split("\n")) {
            if (line.startsWith("  ") && !line.startsWith("   ") && line.contains("(")) {
                inMethod = line.contains(" " + method + "(");
                continue;
            }
            Matcher m = INSTRUCTION.matcher(line);
            if (inMethod && m.matches()) {
                code.add(new Instruction(Integer.parseInt(m.group(1)), m.group(2), m.group(3)));
            }
        }
        return code;
    }
}
