package io.jkasan.it;

/**
 * {@link OptionsTest} on every JDK of the matrix: fault modes, {@code multi_shot}, {@code log_path} and the
 * option sources behave the same on each. The module's pom excludes {@code OptionsTest} itself from the plain
 * run, so that each of its cases runs once per JDK rather than once more on the running JDK.
 */
@OnEachJdk
class OptionsOnEachJdkTest extends OptionsTest {
}
