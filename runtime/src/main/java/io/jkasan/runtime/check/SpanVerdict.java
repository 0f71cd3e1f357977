package io.jkasan.runtime.check;

/**
 * A span check's answer as a reference, so that each call site keeps its own profile of it (docs/design.md,
 * "Per-site verdicts"): {@link #CLEAN}, or {@code null} when each access must be checked on its own (it may be
 * fine, or reported).
 *
 * <p>A {@code boolean} answer is branched on inside the shared bridge that receives it, and HotSpot profiles a
 * branch per bytecode of the method holding it: one call site whose accesses miss the {@link
 * io.jkasan.runtime.shadow.CleanSpan} makes C2 keep the bridge's checked call in every caller, and a call in a
 * loop body keeps C2 from loading the span once before the loop (a random-read loop ran 2.5x slower so). The
 * agent instead emits, at each call site, {@code INVOKESTATIC AccessChecker.verdict; INSTANCEOF SpanVerdict}.
 * C1 records per bytecode of the caller whether an {@code instanceof} has seen {@code null}; where one site
 * never has, C2 compiles its test as a null check that deoptimizes ({@code GraphKit::gen_instanceof}), the
 * {@code instanceof} of a non-null {@code SpanVerdict} is true, and the bridge's checked branch drops out of
 * that site alone. The {@code boolean} the {@code instanceof} leaves is what the bridge receives, as before.
 * The answer is {@code null} rather than a second object so that C2 has nothing to load: a second class
 * cost a load of the object's class per access, 4.1 µs instead of 2.9 µs a pass of the random reads.
 */
public final class SpanVerdict {
    /** Every access the check covered may skip its own check. */
    public static final SpanVerdict CLEAN = new SpanVerdict();

    private SpanVerdict() {
    }
}
