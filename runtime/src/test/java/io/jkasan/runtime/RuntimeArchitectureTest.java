package io.jkasan.runtime;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.lang.module.ModuleDescriptor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The runtime's layers and the dependencies it must never have (docs/design.md, "Runtime layers"), checked on
 * its compiled main classes.
 */
class RuntimeArchitectureTest {
    /**
     * The public API's value types: the reports, frames and counters every layer speaks in. They depend on
     * {@code java.base} only and form the bottom layer; the rest of {@code io.jkasan} (the entry points
     * {@code Jkasan}, {@code ThreadStack}, ...) is the top layer.
     */
    private static final Set<String> API_VALUE_TYPES = Set.of("io.jkasan.Access", "io.jkasan.AllocationMark",
            "io.jkasan.KasanAllocation", "io.jkasan.KasanLeaks", "io.jkasan.KasanError",
            "io.jkasan.KasanFrame", "io.jkasan.KasanReport", "io.jkasan.KasanStatistics");

    private static final DescribedPredicate<JavaClass> API_VALUES = DescribedPredicate.describe(
            "the public API's value types " + API_VALUE_TYPES,
            c -> API_VALUE_TYPES.contains(c.getBaseComponentType().getName().replaceFirst("\\$.*", "")));

    private static final DescribedPredicate<JavaClass> API_ENTRY_POINTS =
            resideInAPackage("io.jkasan").and(not(API_VALUES)).as("the public API's entry points");

    /** The layers, bottom first: each may depend on the layers before it and on no layer after it. */
    private static final Map<String, DescribedPredicate<JavaClass>> LAYERS = new LinkedHashMap<>();

    static {
        LAYERS.put("api values", API_VALUES);
        for (String pkg : List.of("jdk", "options", "mapping", "shadow", "depot", "alloc", "stack", "report",
                "exit", "state", "check", "hooks", "boot")) {
            LAYERS.put(pkg, resideInAPackage("io.jkasan.runtime." + pkg + ".."));
        }
        LAYERS.put("api", API_ENTRY_POINTS);
    }

    /** Every package of {@code java.base} on the JDK running the test, exported or not. */
    private static final Set<String> JAVA_BASE_PACKAGES = Object.class.getModule().getPackages();

    /** The packages {@code java.base} exports to every module. */
    private static final Set<String> JAVA_BASE_EXPORTED = Object.class.getModule().getDescriptor().exports()
            .stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source)
            .collect(Collectors.toUnmodifiableSet());

    /** The internal packages the agent exports to the runtime (agent's ModuleGrants) and the build passes. */
    private static final Set<String> GRANTED_INTERNALS = Set.of("jdk.internal.misc", "jdk.internal.access",
            "jdk.internal.util");
    /**
     * HotSpot's own annotations: the JVM reads {@code @Contended} from the class file of a boot-loader class, so
     * annotating needs no export; nothing else of the package may be used.
     */
    private static final String VM_ANNOTATIONS = "jdk.internal.vm.annotation";

    private static final JavaClasses RUNTIME = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.jkasan");

    @Test
    void layers_depend_only_downwards() {
        Architectures.LayeredArchitecture arch = Architectures.layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .ensureAllClassesAreContainedInArchitecture();
        List<String> names = new ArrayList<>(LAYERS.keySet());
        for (String name : names) {
            arch = arch.layer(name).definedBy(LAYERS.get(name));
        }
        arch = arch.whereLayer(names.get(0)).mayNotAccessAnyLayer();
        for (int i = 1; i < names.size(); i++) {
            arch = arch.whereLayer(names.get(i)).mayOnlyAccessLayers(names.subList(0, i).toArray(new String[0]));
        }
        arch.whereLayer(names.get(names.size() - 1)).mayNotBeAccessedByAnyLayer().check(RUNTIME);
    }

    @Test
    void runtime_packages_are_free_of_cycles() {
        slices().matching("io.jkasan.runtime.(**)").should().beFreeOfCycles().check(RUNTIME);
    }

    @Test
    void runtime_packages_and_the_public_api_are_free_of_cycles() {
        // io.jkasan counts as two slices: its value types sit below every runtime package, its entry points
        // above them all.
        SliceAssignment packagesAndApi = new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass c) {
                if (c.getPackageName().equals("io.jkasan")) {
                    return SliceIdentifier.of(API_VALUES.test(c) ? "io.jkasan value types" : "io.jkasan entry points");
                }
                if (c.getPackageName().startsWith("io.jkasan.runtime.")) {
                    return SliceIdentifier.of(c.getPackageName());
                }
                return SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "runtime packages and the public API";
            }
        };
        slices().assignedFrom(packagesAndApi).should().beFreeOfCycles().check(RUNTIME);
    }

    @Test
    void runtime_never_depends_on_the_agent_or_the_junit_extension() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.jkasan.agent..", "io.jkasan.junit..")
                .because("the runtime is loaded on the boot class path, below both")
                .check(RUNTIME);
    }

    @Test
    void public_api_never_reaches_agent_internals() {
        noClasses().that().resideInAPackage("io.jkasan")
                .should().transitivelyDependOnClassesThat().resideInAnyPackage("io.jkasan.agent..")
                .check(RUNTIME);
    }

    @Test
    void runtime_depends_on_java_base_only() {
        DescribedPredicate<JavaClass> ownOrJavaBase = DescribedPredicate.describe(
                "the runtime's own classes or classes of java.base", c -> {
                    JavaClass type = c.getBaseComponentType();
                    String pkg = type.getPackageName();
                    return type.isPrimitive() || pkg.equals("io.jkasan") || pkg.startsWith("io.jkasan.runtime.")
                            || JAVA_BASE_PACKAGES.contains(pkg);
                });
        classes().should().onlyDependOnClassesThat(ownOrJavaBase)
                .because("the runtime module declares java.base alone (docs/design.md, Modules)")
                .check(RUNTIME);
    }

    @Test
    void runtime_never_uses_sun_misc_unsafe() {
        noClasses().should().dependOnClassesThat().resideInAPackage("sun.misc..")
                .because("sun.misc is in jdk.unsupported: the bridges type a sun.misc.Unsafe receiver as Object"
                        + " and perform every operation through jdk.internal.misc.Unsafe")
                .check(RUNTIME);
    }

    @Test
    void internal_jdk_packages_are_only_those_the_agent_exports() {
        DescribedPredicate<JavaClass> otherInternals = DescribedPredicate.describe(
                "packages java.base does not export, other than " + GRANTED_INTERNALS, c -> {
                    String pkg = c.getBaseComponentType().getPackageName();
                    return JAVA_BASE_PACKAGES.contains(pkg) && !JAVA_BASE_EXPORTED.contains(pkg)
                            && !GRANTED_INTERNALS.contains(pkg) && !pkg.equals(VM_ANNOTATIONS);
                });
        noClasses().should().dependOnClassesThat(otherInternals)
                .because("the agent exports only these to the runtime: any other would fail with"
                        + " IllegalAccessError at run time")
                .check(RUNTIME);
    }

    @Test
    void vm_annotations_are_only_read_by_the_jvm() {
        noClasses().should().accessClassesThat().resideInAPackage(VM_ANNOTATIONS)
                .because("the agent does not export " + VM_ANNOTATIONS + ": its annotations are read by the JVM"
                        + " from the class file (@Contended), and any use of its classes from code would fail with"
                        + " IllegalAccessError at run time")
                .check(RUNTIME);
    }
}
