package io.jkasan.agent.instr;

import io.jkasan.runtime.depot.CallSites;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;

/**
 * Rewrites every {@code Unsafe} memory call site of one class into a call of its static bridge, and says
 * whether there was any.
 *
 * <p>The class keeps its members, locals and stack map frames; only call instructions change (and, before
 * allocation bridges, one pushed constant). That keeps it safe under retransformation, which forbids new
 * members (docs/design.md, "The bridges").
 */
public final class ClassRewriter {
    private ClassRewriter() {
    }

    /**
     * @param classfile the original class file
     * @return the rewritten class file, or {@code null} if the class has no call site to rewrite
     * @throws RuntimeException if ASM cannot parse or write the class (the caller leaves it unchanged)
     */
    public static byte[] rewrite(byte[] classfile) {
        return rewrite(classfile, false);
    }

    /**
     * The rewrite of {@code jdk.internal.misc.ScopedMemoryAccess} ({@link ScopedMemoryAccessRewrite}): its
     * {@code Unsafe} call sites as in any class, and its one call of
     * {@code ArraysSupport.vectorizedMismatch} ({@link MismatchCallRewriter}).
     *
     * @param classfile the original class file
     * @return the rewritten class file, or {@code null} if the class has no call site to rewrite
     * @throws RuntimeException if ASM cannot parse or write the class (the caller leaves it unchanged)
     */
    static byte[] rewriteWithMismatch(byte[] classfile) {
        return rewrite(classfile, true);
    }

    private static byte[] rewrite(byte[] classfile, boolean mismatch) {
        ClassReader reader = new ClassReader(classfile);
        ClassWriter writer = InstrSupport.newWriter(reader);
        RewritingClassVisitor visitor = new RewritingClassVisitor(writer, new CodeOffsets(reader, classfile),
                mismatch);
        reader.accept(visitor, 0);
        if (visitor.rewrittenSites == 0) {
            return null;
        }
        byte[] out = writer.toByteArray();
        if (!visitor.shiftedMethods.isEmpty()) {
            registerBciMaps(visitor, new CodeOffsets(new ClassReader(out), out));
        }
        return out;
    }

    /**
     * A pushed call-site id moves the instructions after it; reports must print original offsets, so the
     * runtime learns, for each shifted method, where its invoke instructions were. Rewriting only adds
     * constant pushes, so the n-th invoke of the rewritten method is the n-th invoke of the original.
     */
    private static void registerBciMaps(RewritingClassVisitor visitor, CodeOffsets rewritten) {
        for (String[] m : visitor.shiftedMethods) {
            CallSites.registerBciMap(visitor.className, m[0], m[1], rewritten.invokeOffsets(m[0], m[1]),
                    visitor.offsets.invokeOffsets(m[0], m[1]));
        }
    }

    /** Collects the class-level facts call sites are registered with and wraps every method. */
    private static final class RewritingClassVisitor extends ClassVisitor implements UnsafeCallSiteRewriter.Site {
        private final CodeOffsets offsets;
        private final boolean mismatch;
        private String className;
        private String sourceFile;
        private int rewrittenSites;
        private final List<String[]> shiftedMethods = new ArrayList<>();

        RewritingClassVisitor(ClassVisitor next, CodeOffsets offsets, boolean mismatch) {
            super(InstrSupport.ASM_API, next);
            this.offsets = offsets;
            this.mismatch = mismatch;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName,
                String[] interfaces) {
            className = name.replace('/', '.');
            super.visit(version, access, name, signature, superName, interfaces);
        }

        @Override
        public void visitSource(String source, String debug) {
            sourceFile = source;
            super.visitSource(source, debug);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                String[] exceptions) {
            MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
            if (next == null) {
                return null;
            }
            MethodVisitor sites = new UnsafeCallSiteRewriter(next, this, name, descriptor);
            return mismatch ? new MismatchCallRewriter(sites, this::rewritten) : sites;
        }

        @Override
        public String className() {
            return className;
        }

        @Override
        public String sourceFile() {
            return sourceFile;
        }

        @Override
        public int invokeVirtualIndex(String method, String descriptor, int ordinal) {
            return offsets.invokeVirtualIndex(method, descriptor, ordinal);
        }

        @Override
        public int codeLength(String method, String descriptor) {
            return offsets.codeLength(method, descriptor);
        }

        @Override
        public void rewritten() {
            rewrittenSites++;
        }

        @Override
        public void shifted(String method, String descriptor) {
            shiftedMethods.add(new String[] {method, descriptor});
        }
    }
}
