package io.jkasan.runtime.options;

/** Where an option's value came from, highest precedence first (docs/options.md); named in every refusal. */
enum Source {
    /** {@code -javaagent:jkasan-agent.jar=key=value,...} */
    AGENT_ARGUMENT,
    /** {@code -Djkasan.<key>=value} */
    SYSTEM_PROPERTY,
    /** {@code JKASAN_OPTIONS=key=value:...} */
    ENVIRONMENT,
    /** Not given anywhere. */
    DEFAULT;

    /**
     * @param key the option's key, or the unknown key as written
     * @return the place as a user would look for it, e.g. {@code -Djkasan.fault}
     */
    String where(String key) {
        switch (this) {
            case AGENT_ARGUMENT: return "the agent argument";
            case SYSTEM_PROPERTY: return "-D" + Options.PROPERTY_PREFIX + key;
            case ENVIRONMENT: return Options.ENVIRONMENT_VARIABLE;
            default: return "the defaults";
        }
    }
}
