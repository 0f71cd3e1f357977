package io.jkasan.agent.instr;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * Class file access for tests: original bytes of compiled test classes, bytecode verification, and calls into a
 * class loaded from given bytes.
 */
final class TestClasses {
    private TestClasses() {
    }

    static byte[] bytes(Class<?> type) {
        String resource = "/" + type.getName().replace('.', '/') + ".class";
        try (InputStream in = type.getResourceAsStream(resource)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs ASM's data-flow verifier over every method; returns its complaints, empty when all is well. */
    static String verify(byte[] classfile) {
        StringWriter out = new StringWriter();
        CheckClassAdapter.verify(new ClassReader(classfile), TestClasses.class.getClassLoader(), false,
                new PrintWriter(out));
        return out.toString();
    }

    /** Defines one class from given bytes, child-first; everything else comes from the test's loader. */
    static Class<?> loadIsolated(String name, byte[] classfile) {
        try {
            return Class.forName(name, true, new IsolatingLoader(name, classfile));
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Loads a class from given bytes ({@link #loadIsolated}) and calls its static method of that name.
     *
     * @throws InvocationTargetException if the method throws, so a test can see what it threw
     */
    static Object invokeStatic(String className, byte[] classfile, String method, Object... arguments)
            throws IllegalAccessException, InvocationTargetException {
        for (Method m : loadIsolated(className, classfile).getDeclaredMethods()) {
            if (m.getName().equals(method)) {
                m.setAccessible(true);
                return m.invoke(null, arguments);
            }
        }
        throw new AssertionError("no method " + method);
    }

    private static final class IsolatingLoader extends ClassLoader {
        private final String name;
        private final byte[] classfile;

        IsolatingLoader(String name, byte[] classfile) {
            super(TestClasses.class.getClassLoader());
            this.name = name;
            this.classfile = classfile;
        }

        @Override
        protected Class<?> loadClass(String className, boolean resolve) throws ClassNotFoundException {
            if (!className.equals(name)) {
                return super.loadClass(className, resolve);
            }
            synchronized (getClassLoadingLock(className)) {
                Class<?> c = findLoadedClass(className);
                return c != null ? c : defineClass(className, classfile, 0, classfile.length);
            }
        }
    }
}
