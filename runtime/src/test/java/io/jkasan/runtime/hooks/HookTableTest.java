package io.jkasan.runtime.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hook table against the running JDK: every public instance method of both {@code Unsafe} classes is
 * either rewritten (and its bridge exists with the right descriptor) or listed here as not touching memory.
 * A new overload on a future JDK therefore fails this test instead of going unchecked.
 */
class HookTableTest {
    /** Public methods that do not read or write memory through an address or (base, offset). */
    private static final Set<String> NOT_MEMORY = Set.of(
            "addressSize", "allocateInstance", "allocateUninitializedArray", "arrayBaseOffset", "arrayIndexScale",
            "dataCacheLineAlignDown", "dataCacheLineFlushSize", "defineClass", "defineClass0",
            "ensureClassInitialized", "fullFence", "getLoadAverage", "invokeCleaner", "isBigEndian", "loadFence",
            "loadLoadFence", "objectFieldOffset", "pageSize", "park", "shouldBeInitialized", "staticFieldBase",
            "staticFieldOffset", "storeFence", "storeStoreFence", "throwException", "unalignedAccess", "unpark",
            // a cache-line write-back hint for persistent memory; it neither reads nor writes data
            "writebackMemory");

    @ParameterizedTest
    @ValueSource(strings = {HookSourceGenerator.SUN, HookSourceGenerator.INTERNAL})
    void every_public_method_is_rewritten_or_known_not_to_touch_memory(String owner) throws Exception {
        String internal = owner.replace('.', '/');
        Class<?> hooks = Class.forName(UnsafeMethods.hookClass(internal).replace('/', '.'));
        List<String> unknown = new ArrayList<>();
        int bridged = 0;
        for (Method m : HookSourceGenerator.publicMethods(owner)) {
            String desc = HookSourceGenerator.descriptor(m);
            UnsafeMethod um = UnsafeMethods.classify(m.getName(), desc);
            if (um == null) {
                if (!NOT_MEMORY.contains(m.getName())) {
                    unknown.add(m.getName() + desc);
                }
                continue;
            }
            String bridgeDesc = um.bridgeDescriptor("L" + internal + ";");
            Method bridge = find(hooks, m.getName(), bridgeDesc);
            assertNotNull(bridge, "no bridge " + m.getName() + bridgeDesc + " in " + hooks.getName());
            assertTrue(Modifier.isStatic(bridge.getModifiers()));
            bridged++;
        }
        assertEquals(List.of(), unknown, "unclassified Unsafe methods: add them to UnsafeMethods or NOT_MEMORY");
        assertTrue(bridged > 60, "bridged " + bridged);
    }

    @ParameterizedTest
    @ValueSource(strings = {HookSourceGenerator.SUN, HookSourceGenerator.INTERNAL})
    void checked_in_bridges_are_what_the_generator_produces(String owner) throws Exception {
        String cls = UnsafeMethods.hookClass(owner.replace('.', '/'));
        Path source = Path.of("src/main/java", cls + ".java");
        String expected = HookSourceGenerator.generate(owner);
        if (!expected.equals(Files.readString(source, StandardCharsets.UTF_8))) {
            Path fresh = Path.of("target", source.getFileName() + ".new");
            Files.writeString(fresh, expected, StandardCharsets.UTF_8);
            throw new AssertionError(source.toAbsolutePath() + " is stale; regenerated text in "
                    + fresh.toAbsolutePath());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"getLong(J)J READ/8", "putIntVolatile(Ljava/lang/Object;JI)V WRITE/4 base",
        "compareAndSwapLong(Ljava/lang/Object;JJJ)Z ATOMIC/8 base", "getShortUnaligned(Ljava/lang/Object;JZ)S READ/2 base",
        "putOrderedObject(Ljava/lang/Object;JLjava/lang/Object;)V WRITE/-1 base", "getAddress(J)J READ/8",
        "copyMemory(JJJ)V COPY", "setMemory(Ljava/lang/Object;JJB)V SET base", "allocateMemory(J)J ALLOCATE",
        "getAndBitwiseXorByteRelease(Ljava/lang/Object;JB)B ATOMIC/1 base"})
    void classification_examples(String example) throws IOException {
        String sig = example.substring(0, example.indexOf(' '));
        String name = sig.substring(0, sig.indexOf('('));
        UnsafeMethod m = UnsafeMethods.classify(name, sig.substring(name.length()));
        assertNotNull(m, example);
        assertEquals(example, m.toString());
    }

    private static Method find(Class<?> hooks, String name, String desc) {
        for (Method m : hooks.getMethods()) {
            if (m.getName().equals(name) && HookSourceGenerator.descriptor(m).equals(desc)) {
                return m;
            }
        }
        return null;
    }
}
