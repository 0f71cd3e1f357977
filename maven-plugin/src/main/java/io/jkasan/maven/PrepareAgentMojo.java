package io.jkasan.maven;

import java.util.Map;
import java.util.Properties;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Adds {@code -javaagent:<jkasan-agent.jar>[=options]} to the {@code argLine} property, which Surefire and
 * Failsafe pass to the test JVMs, keeping what the property held (JaCoCo's agent, say). The agent jar is the
 * {@code io.jkasan:jkasan-agent} artifact of this plugin's version, resolved with the plugin.
 *
 * <p>A Surefire configuration that sets its own {@code <argLine>} must include {@code @{argLine}}, or the
 * agent is not passed on (docs/usage.md, "In test suites").
 */
@Mojo(name = "prepare-agent", defaultPhase = LifecyclePhase.INITIALIZE, threadSafe = true)
public final class PrepareAgentMojo extends AbstractMojo {
    private static final String AGENT_ARTIFACT = "io.jkasan:jkasan-agent";

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Parameter(defaultValue = "${plugin.artifactMap}", readonly = true, required = true)
    private Map<String, Artifact> pluginArtifactMap;

    /**
     * The project property to add the agent argument to; Failsafe and Surefire read {@code argLine}. Its
     * user property is not under {@code jkasan.}: Surefire passes Maven's user properties to the test JVM,
     * where every {@code -Djkasan.*} property is an agent option.
     */
    @Parameter(property = "jkasan-agent.propertyName", defaultValue = "argLine")
    private String propertyName;

    /**
     * Agent options (docs/options.md), one element per option, e.g.
     * {@code <options><fault>throw</fault><multi_shot>true</multi_shot></options>}. The agent checks them
     * when the test JVM starts and refuses to start, in one line, on a bad one.
     */
    @Parameter
    private Map<String, String> options;

    /**
     * Leaves the property as it is (empty if it was not set, so that {@code @{argLine}} still resolves):
     * the tests run without the agent, unless jkasan-junit attaches it.
     */
    @Parameter(property = "jkasan-agent.skip", defaultValue = "false")
    private boolean skip;

    /** Creates the goal; Maven calls this. */
    public PrepareAgentMojo() {
    }

    @Override
    public void execute() throws MojoExecutionException {
        Properties properties = project.getProperties();
        String oldValue = properties.getProperty(propertyName);
        if (skip) {
            if (oldValue == null) {
                properties.setProperty(propertyName, "");
            }
            getLog().info("Skipping jkasan; " + propertyName + " left as it was");
            return;
        }
        Artifact agent = pluginArtifactMap.get(AGENT_ARTIFACT);
        if (agent == null || agent.getFile() == null) {
            throw new MojoExecutionException(AGENT_ARTIFACT + " was not resolved with the plugin");
        }
        String newValue;
        try {
            newValue = AgentArgument.of(agent.getFile(), options).appendTo(oldValue);
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("jkasan agent options: " + e.getMessage(), e);
        }
        properties.setProperty(propertyName, newValue);
        getLog().info(propertyName + " set to " + newValue);
    }
}
