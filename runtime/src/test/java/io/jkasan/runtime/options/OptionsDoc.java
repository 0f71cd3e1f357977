package io.jkasan.runtime.options;

/** Renders {@code docs/options.md} from {@link Option}. */
final class OptionsDoc {
    private OptionsDoc() {
    }

    static String render() {
        StringBuilder s = new StringBuilder();
        s.append("# Options\n\n");
        s.append("<!-- Generated from io.jkasan.runtime.options.Option; OptionsTest fails when this file is stale. -->\n\n");
        s.append("Options are `key=value` pairs. Give them as the agent argument "
                + "(`-javaagent:jkasan-agent.jar=fault=throw,multi_shot=true`), as system properties "
                + "(`-Djkasan.fault=throw`) or in the environment (`JKASAN_OPTIONS=fault=throw:multi_shot=true`, "
                + "pairs separated by `:` or `,` as with `ASAN_OPTIONS`). The agent argument wins over system "
                + "properties, which win over the environment. An unknown key or a malformed value stops start-up "
                + "with one line on stderr naming the key and the accepted values.\n\n");
        s.append("| key | values | default | meaning |\n|---|---|---|---|\n");
        for (Option o : Option.values()) {
            s.append("| `").append(o.key()).append("` | ").append(o.accepted().replace("|", "\\|")).append(" | `")
                    .append(o.defaultValue().isEmpty() ? "(none)" : o.defaultValue()).append("` | ")
                    .append(o.meaning()).append(" |\n");
        }
        s.append("\nSizes take the suffixes `k`, `m`, `g` and `t` (powers of 1024).\n");
        return s.toString();
    }

    public static void main(String[] args) throws java.io.IOException {
        java.nio.file.Files.writeString(java.nio.file.Path.of(args[0]), render());
    }
}
