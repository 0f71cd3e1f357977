package io.jkasan.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A per-test leak check, as kmemleak and LeakSanitizer check a process: off-heap memory a test allocated
 * through {@code Unsafe} (from its {@code @BeforeEach} on) and did not free by the end of its
 * {@code @AfterEach} fails the test, with the allocations grouped by allocation stack
 * ({@code io.jkasan.Jkasan#leaksSince}). Memory whose owner the garbage collector frees (direct buffers,
 * automatic arenas) and guarded thread stacks are not leaks.
 *
 * <p>On a test class, every test of the class (and of its subclasses) is checked; on a test method, that
 * test. {@link KasanExtension} does the check, so the class must use it (registered or auto-detected); the
 * configuration parameter {@value #ALL_TESTS} set to {@code true} checks every test the extension watches.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface KasanLeakCheck {
    /** The JUnit configuration parameter that turns the check on for every watched test. */
    String ALL_TESTS = "io.jkasan.junit.leakCheck";
}
