package io.jkasan.agent;

import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.Set;

/**
 * Grants the runtime the {@code java.base} internals it uses, the way {@code --add-exports} and
 * {@code --enable-native-access} would on the command line.
 */
final class ModuleGrants {
    private static final int FIRST_FINAL_FFM_RELEASE = 22;

    private ModuleGrants() {
    }

    /**
     * Exports {@code jdk.internal.misc} (the runtime's {@code Unsafe}), {@code jdk.internal.access} and
     * {@code jdk.internal.util} (the {@code vectorizedMismatch} bridge's {@code ArraysSupport}) to the runtime,
     * makes {@code java.base} read the runtime's module (the allocator prologues injected into
     * {@code jdk.internal.misc.Unsafe} and the bridges called from {@code jdk.internal.misc.ScopedMemoryAccess}
     * call the runtime; a named module links only against modules it reads), opens {@code java.nio} to it (the
     * JDK's native {@code madvise} it releases pages with, {@code MappedMemoryUtils.unload0}),
     * then silences the restricted-method warning its {@code Linker} downcalls would print.
     * Must run before any runtime class that touches those packages is initialised.
     *
     * @param inst the instrumentation instance
     * @param runtime the runtime's module: the boot loader's unnamed module
     */
    static void grant(Instrumentation inst, Module runtime) {
        Module base = Object.class.getModule();
        inst.redefineModule(base, Set.of(runtime),
                Map.of("jdk.internal.misc", Set.of(runtime), "jdk.internal.access", Set.of(runtime),
                        "jdk.internal.util", Set.of(runtime)),
                Map.of("java.nio", Set.of(runtime)), Set.of(), Map.of());
        if (Runtime.version().feature() >= FIRST_FINAL_FFM_RELEASE) {
            enableNativeAccessToAllUnnamed();
        }
    }

    /**
     * The runtime's mmap downcall (and its madvise one, where the JDK's own cannot be called) are restricted
     * methods; on JDK 22+ their first call prints a
     * warning unless the caller's module has native access. An {@code Enable-Native-Access} manifest entry
     * is not honoured for agent jars, and {@code JavaLangAccess.addEnableNativeAccess(Module)} does not
     * cover unnamed modules, so the one switch that works is {@code addEnableNativeAccessToAllUnnamed()}.
     * It also grants every unnamed module of the application native access, exactly as
     * {@code --enable-native-access=ALL-UNNAMED} does; that is accepted because it only removes a warning
     * (JDK 22-25 permit restricted calls from unnamed modules anyway) and a program run under a memory
     * checker is not the place that warning protects.
     */
    private static void enableNativeAccessToAllUnnamed() {
        try {
            Class<?> secrets = Class.forName("jdk.internal.access.SharedSecrets");
            Object javaLangAccess = secrets.getMethod("getJavaLangAccess").invoke(null);
            Class.forName("jdk.internal.access.JavaLangAccess")
                    .getMethod("addEnableNativeAccessToAllUnnamed")
                    .invoke(javaLangAccess);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // A JDK without this internal method: the only consequence is the JDK's own warning line.
            return;
        }
    }
}
