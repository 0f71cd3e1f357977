package io.jkasan.runtime.report.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The runtime's own JSON writer, read back by a real parser (Jackson) from the UTF-8 bytes jkasan writes. */
class JsonWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode parse(StringBuilder out) throws Exception {
        return JSON.readTree(out.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void every_string_comes_back_unchanged() throws Exception {
        StringBuilder controls = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            controls.append(c);
        }
        List<String> strings = List.of("", "main", "a \"quoted\" \\ back\\slash", controls.toString(), "\u007f",
                "tâche/élan", "线程", "emoji \uD83D\uDE00 pair", "\u2028\u2029", "</script>");
        for (String s : strings) {
            StringBuilder out = new StringBuilder();
            new JsonWriter(out).beginObject().name(s).value(s).endObject();
            JsonNode n = parse(out);
            assertEquals(s, n.get(s).textValue(), "round trip of " + out);
            assertEquals(1, n.size());
        }
    }

    @Test
    void an_unpaired_surrogate_becomes_the_replacement_character() throws Exception {
        String[][] cases = {{"lone high \uD800 here", "lone high \uFFFD here"}, {"\uDC00", "\uFFFD"},
            {"end \uDBFF", "end \uFFFD"}, {"\uDE00\uD83D", "\uFFFD\uFFFD"}};
        for (String[] c : cases) {
            StringBuilder out = new StringBuilder();
            new JsonWriter(out).beginArray().value(c[0]).endArray();
            assertEquals(c[1], parse(out).get(0).textValue());
        }
    }

    @Test
    void nested_objects_and_arrays_get_their_commas() throws Exception {
        StringBuilder out = new StringBuilder();
        JsonWriter w = new JsonWriter(out);
        w.beginObject().name("a").value(1).name("b").beginArray().value("x").nullValue().value(true)
                .beginObject().endObject().beginArray().endArray().beginObject().name("c").value(-5).endObject()
                .endArray().name("d").nullValue().name("e").value(Long.MAX_VALUE).endObject();
        assertEquals("{\"a\":1,\"b\":[\"x\",null,true,{},[],{\"c\":-5}],\"d\":null,\"e\":9223372036854775807}",
                out.toString());
        JsonNode n = parse(out);
        assertEquals(6, n.get("b").size());
        assertEquals(Long.MAX_VALUE, n.get("e").longValue());
    }

    @Test
    void deep_nesting_grows_the_writer() throws Exception {
        StringBuilder out = new StringBuilder();
        JsonWriter w = new JsonWriter(out);
        for (int i = 0; i < 40; i++) {
            w.beginArray().value(i);
        }
        for (int i = 0; i < 40; i++) {
            w.endArray();
        }
        JsonNode n = parse(out);
        for (int i = 0; i < 39; i++) {
            assertEquals(i, n.get(0).intValue());
            n = n.get(1);
        }
    }
}
