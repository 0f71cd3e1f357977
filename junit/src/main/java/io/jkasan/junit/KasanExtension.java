package io.jkasan.junit;

import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestInstanceFactoryContext;
import org.junit.jupiter.api.extension.TestInstancePreConstructCallback;

/**
 * Fails the test, or the test class, during which jkasan made a report, with every such report in full
 * (docs/usage.md, "In test suites"), as KUnit fails a kernel test on a KASAN report.
 *
 * <ul>
 *   <li>A report made by a test's constructor, {@code @BeforeEach}, body or {@code @AfterEach} fails that
 *       test.</li>
 *   <li>A report made by the class's static initialiser (unless a test's constructor triggered it),
 *       {@code @BeforeAll}, {@code @AfterAll}, or a {@code PER_CLASS} constructor fails the class.</li>
 *   <li>A report made by another thread fails the test or class running at that moment.</li>
 *   <li>A report made while nothing the extension watches runs fails the Jupiter engine at the end of the
 *       run, and one made after that fails the run when the launcher session closes.</li>
 * </ul>
 *
 * <p>Reports a test expects are claimed with {@link KasanAssertions#expectKasanReport} and fail nothing. A
 * test or class annotated {@link KasanLeakCheck} also fails if it leaves off-heap memory allocated.
 *
 * <p>Register with {@code @ExtendWith(KasanExtension.class)}, or for every test class through JUnit's
 * extension auto-detection ({@code junit.jupiter.extensions.autodetection.enabled=true}): this jar declares
 * the extension in {@code META-INF/services}. Without the agent in the JVM, the extension attaches it, unless
 * the configuration parameter {@code io.jkasan.junit.attach} is {@code false}; a class whose tests cannot be
 * checked fails.
 */
public final class KasanExtension implements BeforeAllCallback, AfterAllCallback, TestInstancePreConstructCallback,
        BeforeEachCallback, AfterEachCallback {
    /** Creates the extension; JUnit calls this. */
    public KasanExtension() {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        requireAgent(context);
        ExtensionScopes.enter(context);
    }

    /** The test's scope opens before its constructor runs, so that the constructor's reports fail the test. */
    @Override
    public void preConstructTestInstance(TestInstanceFactoryContext factoryContext, ExtensionContext context) {
        requireAgent(context);
        ExtensionScopes.enter(context);
    }

    /** @return the test method's context for {@link #preConstructTestInstance}, not the class's */
    @Override
    public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
        return ExtensionContextScope.TEST_METHOD;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        requireAgent(context);
        ExtensionScopes.enter(context);
        LeakCheck.before(context);
    }

    /** Reports fail the test first; a test without reports is then checked for leaks ({@link KasanLeakCheck}). */
    @Override
    public void afterEach(ExtensionContext context) {
        try {
            ExtensionScopes.exitAndCheck(context);
        } catch (RuntimeException | Error e) {
            LeakCheck.forget(context);
            throw e;
        }
        LeakCheck.after(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ExtensionScopes.exitAndCheck(context);
    }

    /** No runtime class may be touched before this: the agent has to put the runtime in place first. */
    private static void requireAgent(ExtensionContext context) {
        Optional<String> attach = context.getConfigurationParameter(AgentAttachment.ATTACH_PARAMETER);
        try {
            AgentAttachment.ensureRunning(attach);
        } catch (IllegalStateException e) {
            throw new ExtensionConfigurationException(e.getMessage());
        }
    }
}
