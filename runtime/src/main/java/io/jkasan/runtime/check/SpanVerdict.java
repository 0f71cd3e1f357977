package io.jkasan.runtime.check;

/**
 * A span check's answer as an object whose class is the answer, so that each call site keeps its own profile
 * of it (docs/design.md, "Per-site verdicts").
 *
 * <p>A {@code boolean} answer is branched on inside the shared bridge that receives it, and HotSpot profiles a
 * branch per bytecode of the method holding it: one call site whose accesses miss the {@link
 * io.jkasan.runtime.shadow.CleanSpan} makes C2 keep the bridge's checked call in every caller, and a call in a
 * loop body keeps C2 from loading the span once before the loop (a random-read loop ran 2.5x slower so). The
 * agent instead emits, at each call site, {@code INVOKESTATIC AccessChecker.verdict; INSTANCEOF
 * SpanVerdict$Clean}: C1 profiles the classes an {@code instanceof} sees per bytecode of the caller, and where
 * one site has only seen {@link Clean}, C2 compiles its test as a guard that deoptimizes if another answer
 * comes ({@code GraphKit::maybe_cast_profiled_receiver}), so the bridge's checked branch drops out of that
 * site alone. The {@code boolean} the {@code instanceof} leaves is what the bridge receives, as before.
 */
public abstract sealed class SpanVerdict permits SpanVerdict.Clean, SpanVerdict.Unsure {
    /** Every access the check covered may skip its own check. */
    public static final SpanVerdict CLEAN = new Clean();
    /** Each access must be checked on its own; it may be fine, or reported. */
    public static final SpanVerdict UNSURE = new Unsure();

    private SpanVerdict() {
    }

    /** The class of {@link #CLEAN}, which the agent's {@code instanceof} names. */
    public static final class Clean extends SpanVerdict {
        private Clean() {
        }
    }

    /** The class of {@link #UNSURE}. */
    public static final class Unsure extends SpanVerdict {
        private Unsure() {
        }
    }
}
