package io.jkasan.agent;

/**
 * jkasan refused to start in a running JVM it was attached to (a bad option, a runtime start-up failure).
 * Thrown out of {@code agentmain}: the JVM reports it to the attaching tool, whose {@code loadAgent} fails
 * with an {@code AgentInitializationException}, and the program goes on unchanged. The message is the
 * one-line refusal jkasan prints at start-up.
 */
public final class AttachRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param refusal the one-line refusal */
    public AttachRefusedException(String refusal) {
        super(refusal);
    }
}
