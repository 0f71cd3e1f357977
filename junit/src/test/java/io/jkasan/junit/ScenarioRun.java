package io.jkasan.junit;

/** How scenarios run: on which JDK, and whether the agent is given with {@code -javaagent} or attached. */
final class ScenarioRun {
    private final Jdk jdk;
    private final boolean javaagent;

    /**
     * @param jdk the JDK
     * @param javaagent {@code true} for {@code -javaagent}, {@code false} to let jkasan-junit attach the agent
     */
    ScenarioRun(Jdk jdk, boolean javaagent) {
        this.jdk = jdk;
        this.javaagent = javaagent;
    }

    /**
     * @param scenarios scenario class names and runner options
     * @return the JVM to run them in
     */
    ScenarioJvm jvm(String... scenarios) {
        ScenarioJvm jvm = ScenarioJvm.on(jdk, scenarios);
        return javaagent ? jvm : jvm.withoutAgent();
    }

    @Override
    public String toString() {
        return jdk + (javaagent ? ", -javaagent" : ", attached by jkasan-junit");
    }
}
