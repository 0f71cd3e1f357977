package io.jkasan.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The original bytecode of the sample classes, read with the JDK's {@code javap -c -l -p}, so that a report
 * frame {@code Class.method+0x<bci>/0x<len> (File.java:<line>)} can be checked against the class the user
 * compiled: {@code len} is the method's code length and {@code bci} is an invoke instruction on that line.
 * Frames of JDK classes ({@code java.lang.Thread.run} under a thread's trace) are checked against the classes of
 * the JDK that printed the report, whose bytecode and line numbers differ from release to release.
 */
final class Bytecode {
    private static final Map<String, Map<String, Method>> CACHE = new HashMap<>();
    private static final String SAMPLES = "io.jkasan.samples.";
    private static final Pattern FRAME = Pattern.compile(
            "(?<![\\w$.])((?:io\\.jkasan\\.samples|java|javax|jdk|sun|com\\.sun)\\.[\\w$.]+)\\.([\\w$<>]+)"
            + "\\+0x([0-9a-f]+)/0x([0-9a-f]+) \\([\\w$]+\\.java:(\\d+)\\)");
    private static final Pattern INSN = Pattern.compile("\\s+(\\d+): (\\w+).*");
    private static final Pattern LINE = Pattern.compile("\\s+line (\\d+): (\\d+)");

    private Bytecode() {
    }

    /** One method: instructions by bci and the line number table. */
    private static final class Method {
        final TreeMap<Integer, String> insns = new TreeMap<>();
        final TreeMap<Integer, Integer> lineStarts = new TreeMap<>();
        boolean overloaded;

        int codeLength() {
            final Map.Entry<Integer, String> last = insns.lastEntry();
            return last.getValue().endsWith("return") || last.getValue().equals("athrow") ? last.getKey() + 1 : -1;
        }

        int lineOf(final int bci) {
            final Map.Entry<Integer, Integer> e = lineStarts.floorEntry(bci);
            return e == null ? -1 : e.getValue();
        }
    }

    /**
     * Checks every sample-class and JDK-class frame in the lines.
     *
     * @param lines report lines
     * @param jdk the JDK that printed them
     * @return descriptions of frames that do not match the class file; empty if all do
     */
    /**
     * The methods whose entry the agent intercepts (docs/design.md, "Allocator interception"): their frame in
     * an allocation or free stack is at bytecode index 0, which is no invoke instruction of the original.
     */
    private static final java.util.Set<String> INTERCEPTED = java.util.Set.of(
            "jdk.internal.misc.Unsafe.allocateMemory", "jdk.internal.misc.Unsafe.reallocateMemory",
            "jdk.internal.misc.Unsafe.freeMemory");

    static List<String> mismatches(final List<String> lines, final Jdk jdk) {
        final List<String> bad = new ArrayList<>();
        for (final String l : lines) {
            final Matcher m = FRAME.matcher(l);
            if (!m.find()) {
                continue;
            }
            final Method method = methods(m.group(1), jdk).get(m.group(2));
            if (method == null || method.overloaded) {
                continue;
            }
            final int bci = Integer.parseInt(m.group(3), 16);
            final int len = Integer.parseInt(m.group(4), 16);
            final int line = Integer.parseInt(m.group(5));
            if (bci == 0 && INTERCEPTED.contains(m.group(1) + "." + m.group(2))) {
                continue;   // the allocator interception calls jkasan before the method's first instruction
            }
            final String insn = method.insns.get(bci);
            final StringBuilder why = new StringBuilder();
            if (method.codeLength() >= 0 && len != method.codeLength()) {
                why.append(" code length is 0x").append(Integer.toHexString(method.codeLength()));
            }
            if (insn == null || !insn.startsWith("invoke")) {
                why.append(" bci 0x").append(Integer.toHexString(bci)).append(" is ")
                        .append(insn == null ? "not an instruction start" : "'" + insn + "'")
                        .append(", invokes on line ").append(line).append(" are at ").append(invokesOn(method, line));
            } else if (method.lineOf(bci) != line) {
                why.append(" bci 0x").append(Integer.toHexString(bci)).append(" is on line ").append(method.lineOf(bci));
            }
            if (why.length() > 0) {
                bad.add(l.trim() + ":" + why);
            }
        }
        return bad;
    }

    private static List<String> invokesOn(final Method method, final int line) {
        final List<String> out = new ArrayList<>();
        for (final Map.Entry<Integer, String> e : method.insns.entrySet()) {
            if (e.getValue().startsWith("invoke") && method.lineOf(e.getKey()) == line) {
                out.add("0x" + Integer.toHexString(e.getKey()));
            }
        }
        return out;
    }

    private static synchronized Map<String, Method> methods(final String className, final Jdk jdk) {
        // A sample class is the same file on every JDK; a JDK class is the one in that JDK's modules.
        final boolean sample = className.startsWith(SAMPLES);
        return CACHE.computeIfAbsent(sample ? className : jdk.name() + " " + className,
                k -> javap(className, sample ? List.of("-cp", ForkedJvm.SAMPLES_JAR.toString())
                        : List.of("--system", jdk.home().toString()), sample));
    }

    /**
     * @param required whether a class javap cannot find is an error, rather than a class whose frames are not
     *     checked (one the JDK generates at run time)
     */
    private static Map<String, Method> javap(final String className, final List<String> where,
            final boolean required) {
        final String javap = Paths.get(System.getProperty("java.home"), "bin", "javap").toString();
        final Map<String, Method> methods = new HashMap<>();
        try {
            final List<String> cmd = new ArrayList<>(List.of(javap, "-c", "-l", "-p"));
            cmd.addAll(where);
            cmd.add(className);
            final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                if (!required && out.contains("class not found")) {
                    return methods;
                }
                throw new IllegalStateException("javap failed for " + className + ":\n" + out);
            }
            final String simple = className.substring(className.lastIndexOf('.') + 1);
            Method current = null;
            for (final String l : out.split("\n")) {
                if (l.startsWith("  ") && !l.startsWith("   ") && l.endsWith(";") && l.contains("(")) {
                    String name = l.substring(0, l.indexOf('('));
                    name = name.substring(name.lastIndexOf(' ') + 1);
                    if (name.equals(className) || name.equals(simple)) {
                        name = "<init>";
                    } else if (name.equals("static")) {
                        name = "<clinit>";
                    }
                    current = new Method();
                    final Method previous = methods.put(name, current);
                    if (previous != null) {
                        current.overloaded = true;
                    }
                    continue;
                }
                if (l.trim().equals("static {};")) {
                    current = new Method();
                    methods.put("<clinit>", current);
                    continue;
                }
                if (current == null) {
                    continue;
                }
                Matcher m = INSN.matcher(l);
                if (m.matches()) {
                    current.insns.put(Integer.parseInt(m.group(1)), m.group(2));
                } else if ((m = LINE.matcher(l)).matches()) {
                    current.lineStarts.put(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(1)));
                }
            }
        } catch (final IOException e) {
            throw new IllegalStateException("cannot run javap", e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return methods;
    }
}
