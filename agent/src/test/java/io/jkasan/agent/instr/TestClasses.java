package io.jkasan.agent.instr;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;

/** Class file access for tests: original bytes of compiled test classes and bytecode verification. */
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
