package io.jkasan.runtime.options;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Renders {@code docs/options.md} from {@link Option} and its value types; the example refusals are
 * produced by the parser itself, so they show the messages exactly as users see them.
 */
final class OptionsDoc {
    /** Agent arguments whose refusals the documentation shows. */
    static final String[] EXAMPLES = {
        "exitcode=300",
        "multi_shot=1",
        "arena=1.5g",
        "thread_stack_size=24k",
        "arena=16m,thread_stack_size=8m",
        "includes=com/acme/*",
        "log_path=",
        "fault=throw,fault=report",
    };

    private OptionsDoc() {
    }

    static String render() {
        StringBuilder s = new StringBuilder();
        s.append("# Options\n\n");
        s.append("<!-- Generated from io.jkasan.runtime.options.Option; OptionsTest fails when this file is stale. -->\n\n");
        s.append("Options are `key=value` pairs. Give them as the agent argument "
                + "(`-javaagent:jkasan-agent.jar=fault=throw,multi_shot=true`), as system properties "
                + "(`-Djkasan.fault=throw`) or in the environment (`JKASAN_OPTIONS=fault=throw:multi_shot=true`, "
                + "pairs separated by `:` or `,` as with `ASAN_OPTIONS`; there a piece without `=` after "
                + "`includes` or `excludes` continues its `:`-separated glob list). The agent argument wins over "
                + "system properties, which win over the environment.\n\n");
        s.append("| key | values | default | meaning |\n|---|---|---|---|\n");
        for (Option o : Option.values()) {
            s.append("| `").append(o.key()).append("` | ").append(o.type().syntax().replace("|", "\\|"))
                    .append(" | `").append(o.defaultText() == null || o.defaultText().isEmpty() ? "(none)"
                            : o.defaultText())
                    .append("` | ").append(o.meaning()).append(" |\n");
        }
        s.append("\n## Values\n\n");
        s.append("- Booleans are exactly `true` or `false`; integers are decimal digits only (no sign).\n");
        s.append("- Sizes are " + Sizes.NOTATION + " (powers of 1024, either case): `4096`, `32k`, `512m`, "
                + "`64g`. A fraction, a sign, a `b` suffix or a value that overflows is refused.\n");
        s.append("- `lazy_max` and `thread_stack_size` must fit the `arena` in force, whichever sources the two "
                + "come from: `lazy_max` at most the arena (a larger threshold could never be reached), "
                + "`thread_stack_size` at most a quarter of it (a stack is aligned to its size, so one stack "
                + "and its guard page need up to twice its size of free space).\n");
        s.append("- Class-name globs are dotted names (`com.acme.*`, not `com/acme/*`) in which `*` matches any "
                + "run of characters, dots included, and `?` one character; `includes` needs at least one.\n");
        s.append("\n## Refusals\n\n");
        s.append("jkasan refuses to start, with exactly one line on stderr and exit status 2, before the program "
                + "runs, when an option is wrong. Every source is checked in full, also where a higher-precedence "
                + "source overrides it, and a key may appear only once per source. The line names the value, the "
                + "key, where it came from (`the agent argument`, `-Djkasan.<key>` or `JKASAN_OPTIONS`) and what "
                + "is accepted. For example, as agent arguments:\n\n");
        s.append("```\n");
        for (String example : EXAMPLES) {
            s.append(refusal(example)).append('\n');
        }
        s.append("```\n\n");
        s.append("Two options are also checked against the machine at start-up, and refused the same way:\n\n");
        s.append("- `arena` is reserved at start-up, with `malloc` where the kernel's overcommit heuristic grants it "
                + "(about memory plus swap in one block), else on JDK 22+ with `mmap(MAP_NORESERVE)` through the FFM "
                + "`Linker` ([usage.md](usage.md#jdk-versions)). An `arena` that was set and cannot be reserved is "
                + "refused, naming the largest arena that could be reserved at that moment (searched in steps of "
                + "16m), for example `jkasan: bad value '1t' for arena (in the agent argument): cannot reserve 1t "
                + "plus 128g of shadow with malloc; expected at most 15g, the largest arena that could be reserved "
                + "now`. The default, 64g, is halved until it fits (on JDK 22+ with `malloc` down to 16g, then whole "
                + "with `mmap` and halved again), down to 1g, and refused in the same way below that.\n");
        s.append("- `log_path`: the file `PATH.<pid>` is created at start-up with permissions 0600 (an existing "
                + "regular file is appended to and keeps its permissions), and every report is appended to that "
                + "open file. A missing or unwritable directory is refused. The file's own name is never "
                + "followed as a symbolic link (`O_NOFOLLOW`): a symbolic link, or anything but a regular file, "
                + "at `PATH.<pid>` is refused, so that nobody can plant a link in a shared directory such as "
                + "`/tmp` and have reports written elsewhere. Directories on the way to it are resolved as "
                + "usual, symbolic links included, as for any path a program opens.\n");
        return s.toString();
    }

    private static String refusal(String agentArgument) {
        try {
            Options.fromSources(agentArgument, new Properties(), Map.of());
        } catch (OptionException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + agentArgument);
    }

    public static void main(String[] args) throws IOException {
        Files.writeString(Path.of(args[0]), render(), StandardCharsets.UTF_8);
    }
}
