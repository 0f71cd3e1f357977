package io.jkasan.runtime.report;

import io.jkasan.KasanFrame;
import java.util.List;
import java.util.Optional;

/**
 * Chooses the frame the {@code BUG:} line names, the one place that decides it: the innermost frame of the
 * call trace, which jkasan's own frames never enter (the kernel prints the faulting instruction pointer,
 * {@code print_error_description} in {@code mm/kasan/report.c}).
 */
final class BugFrame {
    private BugFrame() {
    }

    /**
     * @param trace the call trace, innermost first, without jkasan frames
     * @return the frame to name, empty for an empty trace
     */
    static Optional<KasanFrame> of(List<KasanFrame> trace) {
        return trace.isEmpty() ? Optional.empty() : Optional.of(trace.get(0));
    }
}
