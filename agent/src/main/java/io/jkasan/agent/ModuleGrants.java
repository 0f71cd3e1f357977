package io.jkasan.agent;

import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.Set;

/**
 * Grants the runtime the {@code java.base} internals it uses, the way {@code --add-exports} and
 * {@code --add-opens} would on the command line. Native access, which only an arena reserved through the FFM
 * {@code Linker} needs, is granted by the runtime when it links that downcall ({@code NativeAccess}).
 */
final class ModuleGrants {
    private ModuleGrants() {
    }

    /**
     * Exports {@code jdk.internal.misc} (the runtime's {@code Unsafe}), {@code jdk.internal.access} and
     * {@code jdk.internal.util} (the {@code vectorizedMismatch} bridge's {@code ArraysSupport}) to the runtime,
     * makes {@code java.base} read the runtime's module (the allocator prologues injected into
     * {@code jdk.internal.misc.Unsafe} and the bridges called from {@code jdk.internal.misc.ScopedMemoryAccess}
     * call the runtime; a named module links only against modules it reads), opens {@code java.nio} to it (the
     * JDK's native {@code madvise} it releases pages with, {@code MappedMemoryUtils.unload0}).
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
    }
}
