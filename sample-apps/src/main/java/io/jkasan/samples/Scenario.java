package io.jkasan.samples;

/**
 * One small "user program" with a planted off-heap bug and its correct twin. The two variants differ only in
 * the buggy expression, so the twin must run clean under jkasan. Public for the scenarios of the
 * {@code segments} package, which are compiled for Java 22 (see pom.xml).
 */
public interface Scenario {
    /**
     * Runs the program.
     *
     * @param bug {@code true} for the variant with the planted bug, {@code false} for the correct twin
     * @return the line the launcher prints on stdout
     * @throws Throwable whatever the program throws ({@code MethodHandle.invokeExact} declares Throwable)
     */
    String run(boolean bug) throws Throwable;
}
