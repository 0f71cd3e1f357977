package io.jkasan.it;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.ClassTemplate;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContext;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContextProvider;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs every test of the annotated class once per {@link Jdk}, in a class-template invocation named after the
 * JDK ({@code JDK 25}, {@code JDK 17}). Every JVM that {@link ForkedJvm} starts during a test runs on that
 * invocation's JDK ({@link Jdk#current()}), so a class joins the matrix with this annotation alone and no test
 * body is written twice. Before each test the JDK must be present ({@link Jdk#require()}): an absent JDK 17
 * skips the test, saying where it was looked for.
 *
 * <p>This is {@code @ParameterizedClass} without the argument: a parameterized class hands extensions only the
 * arguments that it injects into a field or constructor, so every class would have to declare one.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ClassTemplate
@ExtendWith(OnEachJdk.Matrix.class)
@interface OnEachJdk {

    /** One invocation of the class per JDK. */
    final class Matrix implements ClassTemplateInvocationContextProvider {
        @Override
        public boolean supportsClassTemplate(final ExtensionContext context) {
            return true;
        }

        @Override
        public Stream<ClassTemplateInvocationContext> provideClassTemplateInvocationContexts(
                final ExtensionContext context) {
            return Stream.of(Jdk.values()).map(Matrix::on);
        }

        private static ClassTemplateInvocationContext on(final Jdk jdk) {
            return new ClassTemplateInvocationContext() {
                @Override
                public String getDisplayName(final int invocationIndex) {
                    return jdk.toString();
                }

                @Override
                public List<Extension> getAdditionalExtensions() {
                    return List.of((BeforeEachCallback) c -> {
                        Jdk.select(jdk);
                        jdk.require();
                    }, (AfterEachCallback) c -> Jdk.select(null));
                }
            };
        }
    }
}
