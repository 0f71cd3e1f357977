package io.jkasan.linkage;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads every class of a jar on the running JDK and resolves every method and field reference each one makes
 * to a JDK class, as the JVM would when the instruction first runs: a reference to a signature this JDK does
 * not have (say {@code long Unsafe.arrayBaseOffset(Class)} on JDK 17) is a {@code NoSuchMethodError} waiting
 * to happen. Classes compiled for a newer release than the running JDK are skipped and listed: they must be
 * loaded only on a JDK that can (jkasan loads its FFM classes by name on 22+).
 *
 * <p>Plain Java with no dependencies, so that it runs unchanged on every JDK under test:
 * {@code java -cp <test classes> io.jkasan.linkage.LinkageCheck <jar>} prints one line per unresolved
 * reference and exits 1 if there is any.
 */
public final class LinkageCheck {
    private static final int CLASS = 7;
    private static final int FIELD_REF = 9;
    private static final int METHOD_REF = 10;
    private static final int INTERFACE_METHOD_REF = 11;
    private static final int NAME_AND_TYPE = 12;
    private static final int UTF8 = 1;

    private final List<String> problems = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();
    private int classes;
    private int references;

    private LinkageCheck() {
    }

    public static void main(String[] args) throws IOException {
        LinkageCheck check = run(Path.of(args[0]));
        System.out.println(check.summary());
        check.problems.forEach(System.out::println);
        System.exit(check.problems.isEmpty() ? 0 : 1);
    }

    /**
     * @param jar the jar to check
     * @return the outcome
     * @throws IOException if the jar cannot be read
     */
    public static LinkageCheck run(Path jar) throws IOException {
        LinkageCheck check = new LinkageCheck();
        int newestMajor = 44 + Runtime.version().feature();
        try (JarFile file = new JarFile(jar.toFile());
             URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                     ClassLoader.getPlatformClassLoader())) {
            Set<String> own = new HashSet<>();
            for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                if (name.endsWith(".class") && !name.startsWith("META-INF/")) {
                    own.add(name.substring(0, name.length() - ".class".length()));
                }
            }
            for (String internalName : own) {
                try (InputStream in = file.getInputStream(file.getJarEntry(internalName + ".class"))) {
                    check.checkClass(internalName, new DataInputStream(in), own, loader, newestMajor);
                }
            }
        }
        return check;
    }

    /** @return the unresolved references, one line each */
    public List<String> problems() {
        return problems;
    }

    /** @return one line: classes loaded, references resolved, classes skipped */
    public String summary() {
        return "linkage on JDK " + Runtime.version().feature() + ": " + classes + " classes loaded, " + references
                + " JDK references resolved, " + problems.size() + " unresolved; skipped as compiled for a newer"
                + " release: " + skipped;
    }

    private void checkClass(String name, DataInputStream in, Set<String> own, ClassLoader loader, int newestMajor)
            throws IOException {
        in.readInt();                                          // magic
        in.readUnsignedShort();                                // minor
        int major = in.readUnsignedShort();
        if (major > newestMajor) {
            skipped.add(name.replace('/', '.'));
            return;
        }
        try {
            Class.forName(name.replace('/', '.'), false, loader);
            classes++;
        } catch (ClassNotFoundException | LinkageError e) {
            problems.add(name + ": cannot load: " + e);
            return;
        }
        int count = in.readUnsignedShort();
        Object[] pool = new Object[count];
        int[][] refs = new int[count][];
        int[] tags = new int[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            tags[i] = tag;
            switch (tag) {
                case UTF8 -> pool[i] = in.readUTF();
                case 3, 4 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++;                                       // eight-byte constants take two slots
                }
                case CLASS, 8, 16, 19, 20 -> refs[i] = new int[] {in.readUnsignedShort()};
                case FIELD_REF, METHOD_REF, INTERFACE_METHOD_REF, NAME_AND_TYPE, 17, 18 ->
                        refs[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
                case 15 -> refs[i] = new int[] {in.readUnsignedByte(), in.readUnsignedShort()};
                default -> throw new IOException(name + ": unknown constant pool tag " + tag);
            }
        }
        for (int i = 1; i < count; i++) {
            if (tags[i] != FIELD_REF && tags[i] != METHOD_REF && tags[i] != INTERFACE_METHOD_REF) {
                continue;
            }
            String owner = (String) pool[refs[refs[i][0]][0]];
            int[] nameAndType = refs[refs[i][1]];
            String member = (String) pool[nameAndType[0]];
            String descriptor = (String) pool[nameAndType[1]];
            if (own.contains(owner) || owner.startsWith("[")) {
                continue;                                      // our own classes, or array pseudo-methods
            }
            references++;
            String problem = resolve(owner, member, descriptor, tags[i] == FIELD_REF, loader);
            if (problem != null) {
                problems.add(name.replace('/', '.') + " -> " + owner.replace('/', '.') + "." + member + descriptor
                        + ": " + problem);
            }
        }
    }

    private static String resolve(String owner, String member, String descriptor, boolean field, ClassLoader loader) {
        Class<?> c;
        try {
            c = Class.forName(owner.replace('/', '.'), false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return "no class " + owner;
        }
        if (field) {
            for (Class<?> k : supertypes(c)) {
                for (Field f : k.getDeclaredFields()) {
                    if (f.getName().equals(member) && f.getType().descriptorString().equals(descriptor)) {
                        return null;
                    }
                }
            }
            return "no such field";
        }
        if (member.equals("<init>")) {
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                if (descriptor(k.getParameterTypes(), void.class).equals(descriptor)) {
                    return null;
                }
            }
            return "no such constructor";
        }
        for (Class<?> k : supertypes(c)) {
            for (Method m : k.getDeclaredMethods()) {
                if (!m.getName().equals(member)) {
                    continue;
                }
                if (descriptor(m.getParameterTypes(), m.getReturnType()).equals(descriptor)
                        || signaturePolymorphic(m)) {
                    return null;
                }
            }
        }
        return "no such method";
    }

    /** {@code MethodHandle.invokeExact}, {@code VarHandle.get} and the like link against any descriptor. */
    private static boolean signaturePolymorphic(Method m) {
        Class<?> k = m.getDeclaringClass();
        return (k == java.lang.invoke.MethodHandle.class || k == java.lang.invoke.VarHandle.class)
                && Modifier.isNative(m.getModifiers()) && m.isVarArgs();
    }

    private static List<Class<?>> supertypes(Class<?> c) {
        List<Class<?>> out = new ArrayList<>();
        Deque<Class<?>> todo = new ArrayDeque<>();
        todo.add(c);
        while (!todo.isEmpty()) {
            Class<?> k = todo.poll();
            if (out.contains(k)) {
                continue;
            }
            out.add(k);
            if (k.getSuperclass() != null) {
                todo.add(k.getSuperclass());
            }
            todo.addAll(List.of(k.getInterfaces()));
        }
        return out;
    }

    private static String descriptor(Class<?>[] parameters, Class<?> result) {
        StringBuilder b = new StringBuilder("(");
        for (Class<?> p : parameters) {
            b.append(p.descriptorString());
        }
        return b.append(')').append(result.descriptorString()).toString();
    }
}
