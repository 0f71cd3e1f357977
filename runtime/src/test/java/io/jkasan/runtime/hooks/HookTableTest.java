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
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bridge table ({@code src/bridges/unsafe-methods.tsv}) against the running JDK and against the
 * generated sources. The table is the same for every JDK; what each JDK declares is checked on the JDK
 * that runs the test (the build runs it on 25; {@code BridgeLinkageIT} runs the linkage part on 17 too).
 */
class HookTableTest {
    private static List<UnsafeMethod> table() throws IOException {
        return HookSourceGenerator.readTable(HookSourceGenerator.TABLE);
    }

    @ParameterizedTest
    @ValueSource(strings = {UnsafeMethods.SUN_MISC_UNSAFE, UnsafeMethods.INTERNAL_UNSAFE})
    void every_memory_method_of_the_running_jdk_has_a_row(String owner) throws Exception {
        List<String> unknown = new ArrayList<>();
        for (Method m : publicMethods(owner)) {
            String desc = descriptor(m);
            if (UnsafeMethods.find(owner, m.getName(), desc) == null && !UnsafeMethods.accessesNoMemory(m.getName())) {
                unknown.add(m.getName() + desc + " (grammar proposes: "
                        + UnsafeMethodGrammar.classify(owner, m.getName(), desc) + ")");
            }
        }
        assertEquals(List.of(), unknown, "Unsafe methods with no row in " + HookSourceGenerator.TABLE);
    }

    @ParameterizedTest
    @ValueSource(strings = {UnsafeMethods.SUN_MISC_UNSAFE, UnsafeMethods.INTERNAL_UNSAFE})
    void the_jdks_column_is_exact_for_the_running_jdk(String owner) throws Exception {
        String feature = Integer.toString(Runtime.version().feature());
        Set<String> declared = new TreeSet<>();
        for (Method m : publicMethods(owner)) {
            declared.add(m.getName() + descriptor(m));
        }
        List<String> wrong = new ArrayList<>();
        for (String line : Files.readAllLines(HookSourceGenerator.TABLE, StandardCharsets.UTF_8)) {
            String[] f = line.split("\t");
            if (line.startsWith("#")
                    || !owner.equals(f[0].equals("sun") ? UnsafeMethods.SUN_MISC_UNSAFE : UnsafeMethods.INTERNAL_UNSAFE)) {
                continue;
            }
            List<String> jdks = List.of(f[7].split(","));
            if (jdks.contains(feature) != declared.contains(f[1] + f[2])) {
                wrong.add(f[1] + f[2] + " jdks=" + f[7]);
            }
        }
        assertEquals(List.of(), wrong, "rows whose jdks column is wrong for JDK " + feature);
    }

    @Test
    void every_row_agrees_with_the_naming_grammar() throws IOException {
        List<String> disagreeing = new ArrayList<>();
        for (UnsafeMethod row : table()) {
            UnsafeMethod grammar = UnsafeMethodGrammar.classify(row.owner(), row.name(), row.descriptor());
            if (grammar == null || !grammar.toString().equals(row.toString())) {
                disagreeing.add(row + " vs grammar " + grammar);
            }
        }
        assertEquals(List.of(), disagreeing);
    }

    @Test
    void every_row_has_its_bridge() throws Exception {
        int bridged = 0;
        for (UnsafeMethod row : UnsafeMethods.all()) {
            Class<?> hooks = Class.forName(row.hookClass().replace('/', '.'));
            Method bridge = find(hooks, row.name(), row.bridgeDescriptor());
            assertNotNull(bridge, "no bridge " + row.name() + row.bridgeDescriptor() + " in " + hooks.getName());
            assertTrue(Modifier.isStatic(bridge.getModifiers()));
            bridged++;
        }
        assertEquals(table().size(), bridged);
    }

    @Test
    void checked_in_sources_are_what_the_generator_produces() throws Exception {
        for (String[] file : HookSourceGenerator.sources(table())) {
            Path source = HookSourceGenerator.PACKAGE_DIR.resolve(file[0]);
            if (!file[1].equals(Files.readString(source, StandardCharsets.UTF_8))) {
                Path fresh = Path.of("target", file[0] + ".new");
                Files.writeString(fresh, file[1], StandardCharsets.UTF_8);
                throw new AssertionError(source.toAbsolutePath() + " is stale; regenerated text in "
                        + fresh.toAbsolutePath() + " (java HookSourceGenerator runtime)");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"getLong(J)J READ/8", "putIntVolatile(Ljava/lang/Object;JI)V WRITE/4 base",
        "compareAndSwapLong(Ljava/lang/Object;JJJ)Z ATOMIC/8 base", "getShortUnaligned(Ljava/lang/Object;JZ)S READ/2 base",
        "putOrderedObject(Ljava/lang/Object;JLjava/lang/Object;)V WRITE/-1 base", "getAddress(J)J READ/8",
        "copyMemory(JJJ)V COPY", "setMemory(Ljava/lang/Object;JJB)V SET base", "allocateMemory(J)J ALLOCATE",
        "getAndBitwiseXorByteRelease(Ljava/lang/Object;JB)B ATOMIC/1 base"})
    void grammar_examples(String example) {
        String sig = example.substring(0, example.indexOf(' '));
        String name = sig.substring(0, sig.indexOf('('));
        UnsafeMethod m = UnsafeMethodGrammar.classify(UnsafeMethods.SUN_MISC_UNSAFE, name,
                sig.substring(name.length()));
        assertNotNull(m, example);
        assertEquals(example, m.toString());
    }

    /** @return the public instance methods the running JDK's class declares, sorted */
    private static List<Method> publicMethods(String owner) throws ClassNotFoundException {
        List<Method> out = new ArrayList<>();
        for (Method m : Class.forName(owner.replace('/', '.')).getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()) && !m.isSynthetic()) {
                out.add(m);
            }
        }
        out.sort(Comparator.comparing(Method::getName).thenComparing(HookTableTest::descriptor));
        return out;
    }

    private static String descriptor(Method m) {
        StringBuilder b = new StringBuilder("(");
        for (Class<?> p : m.getParameterTypes()) {
            b.append(p.descriptorString());
        }
        return b.append(')').append(m.getReturnType().descriptorString()).toString();
    }

    private static Method find(Class<?> hooks, String name, String desc) {
        for (Method m : hooks.getMethods()) {
            if (m.getName().equals(name) && descriptor(m).equals(desc)) {
                return m;
            }
        }
        return null;
    }
}
