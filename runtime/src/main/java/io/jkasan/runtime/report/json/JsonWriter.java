package io.jkasan.runtime.report.json;

/**
 * Writes one compact JSON text (RFC 8259) into a {@link StringBuilder}: objects, arrays, strings, integers,
 * booleans and {@code null}, with commas placed by the writer. The runtime may use {@code java.base} only,
 * so this is jkasan's own, kept to what reports need; {@code JsonWriterTest} holds it to a real parser.
 *
 * <p>Strings are escaped as RFC 8259 section 7 requires ({@code "}, {@code \} and the controls
 * U+0000..U+001F). An unpaired surrogate (a thread may be named anything) has no UTF-8 encoding and strict
 * parsers refuse its {@code \\u} escape (RFC 8259 section 8.2), so it is written as U+FFFD, the
 * replacement character, as a UTF-8 encoder would.
 */
public final class JsonWriter {
    private final StringBuilder out;
    /** Per open object or array: whether a value was written in it, so the next needs a comma. */
    private boolean[] written = new boolean[16];
    private int depth;
    /** Whether a member name was just written, so the next value follows it without a comma. */
    private boolean afterName;

    /** @param out where the JSON text goes */
    public JsonWriter(StringBuilder out) {
        this.out = out;
    }

    /** @return this, after {@code {} */
    public JsonWriter beginObject() {
        beforeValue();
        out.append('{');
        push();
        return this;
    }

    /** @return this, after {@code }} */
    public JsonWriter endObject() {
        depth--;
        out.append('}');
        return this;
    }

    /** @return this, after {@code [} */
    public JsonWriter beginArray() {
        beforeValue();
        out.append('[');
        push();
        return this;
    }

    /** @return this, after {@code ]} */
    public JsonWriter endArray() {
        depth--;
        out.append(']');
        return this;
    }

    /**
     * @param name a member name; its value must follow
     * @return this
     */
    public JsonWriter name(String name) {
        beforeValue();
        string(out, name);
        out.append(':');
        afterName = true;
        return this;
    }

    /**
     * @param value a string, or {@code null}
     * @return this
     */
    public JsonWriter value(String value) {
        beforeValue();
        if (value == null) {
            out.append("null");
        } else {
            string(out, value);
        }
        return this;
    }

    /**
     * @param value an integer
     * @return this
     */
    public JsonWriter value(long value) {
        beforeValue();
        out.append(value);
        return this;
    }

    /**
     * @param value a boolean
     * @return this
     */
    public JsonWriter value(boolean value) {
        beforeValue();
        out.append(value);
        return this;
    }

    /** @return this, after {@code null} */
    public JsonWriter nullValue() {
        beforeValue();
        out.append("null");
        return this;
    }

    /**
     * Appends a JSON string literal.
     *
     * @param out where to append
     * @param s the string
     */
    public static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                case '\b': out.append("\\b"); break;
                case '\f': out.append("\\f"); break;
                default:
                    if (c < 0x20) {
                        unicodeEscape(out, c);
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));            // a pair: one code point, kept as is
                    } else if (Character.isSurrogate(c)) {
                        out.append('\uFFFD');                            // unpaired: no UTF-8 form
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }

    private static void unicodeEscape(StringBuilder out, char c) {
        out.append("\\u");
        for (int shift = 12; shift >= 0; shift -= 4) {
            out.append(Character.forDigit((c >>> shift) & 15, 16));
        }
    }

    private void beforeValue() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (depth > 0) {
            if (written[depth - 1]) {
                out.append(',');
            }
            written[depth - 1] = true;
        }
    }

    private void push() {
        if (depth == written.length) {
            boolean[] grown = new boolean[depth * 2];
            System.arraycopy(written, 0, grown, 0, depth);
            written = grown;
        }
        written[depth++] = false;
    }
}
