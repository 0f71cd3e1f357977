package io.jkasan.junit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/**
 * The extension reaches jkasan through the runtime's public API ({@code io.jkasan}) alone, never its
 * internals or the agent's classes: it runs against whatever runtime the agent put on the bootstrap class path.
 */
class RuntimeApiOnlyTest {
    @Test
    void depends_on_the_public_api_junit_byte_buddy_agent_and_the_jdk_only() throws Exception {
        // The module's own classes directory only: scanning the class path for the package costs seconds.
        JavaClasses main = new ClassFileImporter().importPath(
                Paths.get(KasanExtension.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        classes().should().onlyDependOnClassesThat()
                .resideInAnyPackage("io.jkasan", "io.jkasan.junit..", "org.junit..", "net.bytebuddy.agent..",
                        "java..")
                .check(main);
    }
}
