package io.jkasan.it;

import java.util.List;

/**
 * The guarded-thread-stack sample scenarios ({@code io.jkasan.ThreadStack}, SPEC §5) and what their buggy
 * variant must print. They are kept apart from {@link Scenarios} because they need the agent's runtime to run
 * at all (so their twins cannot be compared with a run without the agent) and because stack reports describe
 * a stack frame rather than a virtual mapping ({@link StackSplat}, not {@link Splat}).
 */
enum StackScenarios {
    REDZONE("stack-redzone", Kind.KASAN, "stack-out-of-bounds", "Write", 1,
            "wrote name[13], id ends in 42", "wrote name[12], id ends in 42", "StackRedzone.java"),
    USE_AFTER_RETURN("stack-use-after-return", Kind.KASAN, "stack-use-after-return", "Read", 8,
            "read 1122334455667788", "read 1122334455667788", "StackUseAfterReturn.java"),
    GUARD("stack-guard", Kind.GUARD, null, null, -1,
            null, "allocated 1000 bytes on the thread stack", "StackGuard.java"),
    GUARD_ACCESS("stack-guard-access", Kind.GUARD, null, null, -1,
            "read the word 16 bytes below the stack's low end", "read the word 16 bytes above the stack's low end",
            "StackGuardAccess.java"),
    RECURSION("stack-recursion", Kind.GUARD, null, null, -1,
            "8 threads: overflowed at depth 102, 0 bytes in use after",
            "8 threads: returned from depth 50, 0 bytes in use after", "StackRecursion.java"),
    REUSE("stack-reuse", Kind.SILENT, null, null, -1,
            "1000 threads, 500 checked buffers, stacks reused", "1000 threads, 500 checked buffers, stacks reused",
            "StackReuse.java"),
    PARSER("stack-parser", Kind.KASAN, "stack-out-of-bounds", "Write", 1,
            "parsed 4 records: name=Alice city=Paris lang=Java editor=vi",
            "parsed 4 records: name=Alice city=Paris lang=Java editor=vi", "StackRecordParser.java");

    /** What the buggy variant prints on stderr. */
    enum Kind {
        /** Exactly one {@code BUG: KASAN} report describing a stack frame. */
        KASAN,
        /** At least one {@code BUG: stack guard page was hit} message and no KASAN report. */
        GUARD,
        /** Nothing at all. */
        SILENT
    }

    /** The {@code Demo} argument. */
    final String id;
    final Kind kind;
    /** Expected {@code <bug-type>}, access kind and size, for {@link Kind#KASAN}. */
    final String bugType;
    final String access;
    final long size;
    /** The buggy variant's stdout line, {@code null} if the test checks it on its own. */
    final String bugStdout;
    /** The twin's stdout line. */
    final String okStdout;
    /** Sample sources holding the {@code // CHECK:} lines. */
    final List<String> sources;

    StackScenarios(final String id, final Kind kind, final String bugType, final String access, final long size,
            final String bugStdout, final String okStdout, final String... sources) {
        this.id = id;
        this.kind = kind;
        this.bugType = bugType;
        this.access = access;
        this.size = size;
        this.bugStdout = bugStdout;
        this.okStdout = okStdout;
        this.sources = List.of(sources);
    }

    @Override
    public String toString() {
        return id;
    }
}
