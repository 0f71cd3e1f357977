package io.jkasan.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small LLVM FileCheck for expectations kept next to the buggy statement in the sample sources
 * ({@code jkasan.samples.src}), as ASan's lit tests keep theirs.
 *
 * <p>Directives, in {@code //} comments, for a prefix {@code P} ({@code CHECK} by default):
 * {@code P:} (a later line contains the pattern), {@code P-NEXT:} (the line right after the previous match
 * does), {@code P-EMPTY:} (that line is empty), {@code P-NOT:} (no line between the surrounding matches, or
 * up to the end, does). A pattern is matched as a substring after trimming; inside it, {@code {{re}}} is a
 * regular expression, {@code [[V:re]]} captures a variable, {@code [[V]]} uses one, {@code [[@LINE]]} /
 * {@code [[@LINE+n]]} / {@code [[@LINE-n]]} is the directive's own source line, and {@code [[@NAME]]} is the
 * number of the line that ends in the marker comment {@code // @NAME} in the same file.
 */
final class FileCheck {
    private static final Path SOURCES = Paths.get(System.getProperty("jkasan.samples.src", "."));
    private static final Pattern MARKER = Pattern.compile("//\\s*@([A-Z][A-Z0-9_]*)\\s*$");

    private final List<Directive> directives = new ArrayList<>();

    private FileCheck() {
    }

    /**
     * Reads the directives of {@code prefix} from sample sources, in file order.
     *
     * @param prefix e.g. {@code CHECK}
     * @param files source files relative to the samples package directory, e.g. {@code OobWrite.java}
     * @return the checker
     */
    static FileCheck fromSamples(final String prefix, final String... files) {
        final FileCheck fc = new FileCheck();
        final Pattern directive = Pattern.compile(
                "//\\s*" + Pattern.quote(prefix) + "(-NEXT|-NOT|-EMPTY)?:(.*)$");
        for (final String f : files) {
            final Path path = SOURCES.resolve("io/jkasan/samples").resolve(f);
            final List<String> src;
            try {
                src = Files.readAllLines(path, StandardCharsets.UTF_8);
            } catch (final IOException e) {
                throw new UncheckedIOException("cannot read " + path, e);
            }
            final Map<String, Integer> markers = new HashMap<>();
            for (int n = 0; n < src.size(); n++) {
                final Matcher m = MARKER.matcher(src.get(n));
                if (m.find()) {
                    markers.put(m.group(1), n + 1);
                }
            }
            for (int n = 0; n < src.size(); n++) {
                final Matcher m = directive.matcher(src.get(n));
                if (m.find()) {
                    final String kind = m.group(1) == null ? "" : m.group(1);
                    fc.directives.add(new Directive(f + ":" + (n + 1), kind, m.group(2).trim(), n + 1, markers));
                }
            }
        }
        if (fc.directives.isEmpty()) {
            throw new IllegalStateException("no " + prefix + ": directives in " + String.join(", ", files));
        }
        return fc;
    }

    /**
     * Checks the directives against the output, throwing {@link AssertionError} on the first mismatch.
     *
     * @param output the lines to check, typically stderr
     */
    void check(final List<String> output) {
        final Map<String, String> vars = new HashMap<>();
        final List<Directive> nots = new ArrayList<>();
        int searchFrom = 0;
        int last = -1;
        for (final Directive d : directives) {
            switch (d.kind) {
                case "-NOT":
                    nots.add(d);
                    break;
                case "-NEXT":
                case "-EMPTY": {
                    final int n = last + 1;
                    if (last < 0 || n >= output.size()) {
                        throw failure(d, "no line after the previous match", output, n);
                    }
                    if (d.kind.equals("-EMPTY") ? !output.get(n).isEmpty() : !d.match(output.get(n), vars)) {
                        throw failure(d, "the next line does not match", output, n);
                    }
                    checkNots(nots, output, searchFrom, n, vars);
                    last = n;
                    searchFrom = n + 1;
                    break;
                }
                default: {
                    int n = searchFrom;
                    while (n < output.size() && !d.match(output.get(n), vars)) {
                        n++;
                    }
                    if (n == output.size()) {
                        throw failure(d, "no matching line from here on", output, searchFrom);
                    }
                    checkNots(nots, output, searchFrom, n, vars);
                    last = n;
                    searchFrom = n + 1;
                }
            }
        }
        checkNots(nots, output, searchFrom, output.size(), vars);
    }

    private static void checkNots(final List<Directive> nots, final List<String> output, final int from,
            final int to, final Map<String, String> vars) {
        for (final Directive d : nots) {
            for (int n = from; n < to; n++) {
                if (d.match(output.get(n), new HashMap<>(vars))) {
                    throw failure(d, "excluded pattern found", output, n);
                }
            }
        }
        nots.clear();
    }

    private static AssertionError failure(final Directive d, final String why, final List<String> output,
            final int at) {
        final StringBuilder sb = new StringBuilder();
        sb.append(d.where).append(": ").append(why).append("\n  directive: ").append(d.kind.isEmpty() ? "CHECK" : d.kind)
                .append(": ").append(d.text).append("\n  regex: ").append(d.regexFor(new HashMap<>()))
                .append("\n--- output (>>> marks where matching stood)\n");
        for (int n = 0; n < output.size(); n++) {
            sb.append(n == at ? ">>> " : "    ").append(output.get(n)).append('\n');
        }
        if (at >= output.size()) {
            sb.append(">>> <end of output>\n");
        }
        return new AssertionError(sb.toString());
    }

    /** One {@code CHECK*} line. */
    private static final class Directive {
        final String where;
        final String kind;
        final String text;
        final int line;
        final Map<String, Integer> markers;

        Directive(final String where, final String kind, final String text, final int line,
                final Map<String, Integer> markers) {
            this.where = where;
            this.kind = kind;
            this.text = text;
            this.line = line;
            this.markers = markers;
        }

        /** Matches one line, binding captured variables into {@code vars} on success. */
        boolean match(final String outputLine, final Map<String, String> vars) {
            final List<String> defined = new ArrayList<>();
            final Matcher m = Pattern.compile(regexFor(vars, defined)).matcher(outputLine);
            if (!m.find()) {
                return false;
            }
            for (int g = 0; g < defined.size(); g++) {
                vars.put(defined.get(g), m.group("v" + g));
            }
            return true;
        }

        String regexFor(final Map<String, String> vars) {
            return regexFor(vars, new ArrayList<>());
        }

        private String regexFor(final Map<String, String> vars, final List<String> defined) {
            final StringBuilder re = new StringBuilder();
            final StringBuilder literal = new StringBuilder();
            int p = 0;
            while (p < text.length()) {
                if (text.startsWith("{{", p)) {
                    int end = text.indexOf("}}", p + 2);
                    while (end >= 0 && end + 2 < text.length() && text.charAt(end + 2) == '}') {
                        end++;
                    }
                    if (end < 0) {
                        throw new IllegalArgumentException(where + ": unterminated {{");
                    }
                    flush(re, literal);
                    re.append("(?:").append(text, p + 2, end).append(')');
                    p = end + 2;
                } else if (text.startsWith("[[", p) && p + 2 < text.length()
                        && (Character.isLetter(text.charAt(p + 2)) || text.charAt(p + 2) == '@')) {
                    final int end = text.indexOf("]]", p + 2);
                    if (end < 0) {
                        throw new IllegalArgumentException(where + ": unterminated [[");
                    }
                    flush(re, literal);
                    final String body = text.substring(p + 2, end);
                    final int colon = body.indexOf(':');
                    if (body.startsWith("@")) {
                        re.append(Pattern.quote(Integer.toString(lineOf(body.substring(1)))));
                    } else if (colon > 0) {
                        re.append("(?<v").append(defined.size()).append('>').append(body.substring(colon + 1))
                                .append(')');
                        defined.add(body.substring(0, colon));
                    } else {
                        final String v = vars.get(body);
                        if (v == null) {
                            // Undefined: show it in failure messages, never match.
                            re.append("(?!)\\Q[[").append(body).append("]]\\E");
                        } else {
                            re.append(Pattern.quote(v));
                        }
                    }
                    p = end + 2;
                } else {
                    literal.append(text.charAt(p++));
                }
            }
            flush(re, literal);
            return re.toString();
        }

        private int lineOf(final String ref) {
            final Matcher m = Pattern.compile("LINE([+-]\\d+)?").matcher(ref);
            if (m.matches()) {
                return line + (m.group(1) == null ? 0 : Integer.parseInt(m.group(1)));
            }
            final Integer n = markers.get(ref);
            if (n == null) {
                throw new IllegalArgumentException(where + ": no '// @" + ref + "' marker in the file");
            }
            return n;
        }

        private static void flush(final StringBuilder re, final StringBuilder literal) {
            if (literal.length() > 0) {
                re.append(Pattern.quote(literal.toString()));
                literal.setLength(0);
            }
        }
    }
}
