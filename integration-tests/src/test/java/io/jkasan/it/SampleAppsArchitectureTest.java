package io.jkasan.it;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/**
 * The sample programs are "user" code: of jkasan they may use the public API ({@code io.jkasan}) and nothing
 * else, so that the scenarios exercise what users can reach (docs/design.md, "Runtime layers").
 */
class SampleAppsArchitectureTest {
    private static final JavaClasses SAMPLES = new ClassFileImporter().importPackages("io.jkasan.samples");

    @Test
    void sample_apps_use_only_the_public_api() {
        noClasses().that().resideInAPackage("io.jkasan.samples..")
                .should().dependOnClassesThat(resideInAPackage("io.jkasan..")
                        .and(not(resideInAnyPackage("io.jkasan", "io.jkasan.samples..")))
                        .as("jkasan classes outside the public API io.jkasan"))
                .check(SAMPLES);
    }
}
