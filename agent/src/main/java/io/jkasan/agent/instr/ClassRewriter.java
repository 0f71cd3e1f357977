package io.jkasan.agent.instr;

import io.jkasan.runtime.depot.CallSites;
import io.jkasan.runtime.hooks.UnsafeMethods;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodTooLargeException;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Rewrites every {@code Unsafe} memory call site of one class into a call of its static bridge, and says
 * whether there was any.
 *
 * <p>The class keeps its members and stack map frames; only call instructions change (and, before
 * allocation bridges, one pushed constant), a merged group of calls gains one span check and a flag
 * local ({@link MergedCheckRewriter}), every other load, store or atomic a verdict of its own
 * ({@link SiteVerdicts}), and a counted loop one check before it and an unchecked copy
 * ({@link LoopVersioner}). That keeps it safe under retransformation, which forbids new members
 * (docs/design.md, "The bridges"). A method that the added code would push past the 64 KiB the JVM allows
 * loses the loops' copies first, then the checks, and keeps its bridges.
 */
public final class ClassRewriter {
    /** The classes every call of which the rewrite looks at: {@code Unsafe}'s (bridges, groups, verdicts, loops). */
    private static final Set<String> BRIDGED_OWNERS = Set.of(UnsafeMethods.SUN_MISC_UNSAFE,
            UnsafeMethods.INTERNAL_UNSAFE);
    /** {@link #BRIDGED_OWNERS} and the owner of {@code vectorizedMismatch}, for the funnel's rewrite. */
    private static final Set<String> BRIDGED_OWNERS_AND_MISMATCH = Set.of(UnsafeMethods.SUN_MISC_UNSAFE,
            UnsafeMethods.INTERNAL_UNSAFE, MismatchCallRewriter.ARRAYS_SUPPORT);

    private ClassRewriter() {
    }

    /**
     * @param classfile the original class file
     * @return the rewritten class file, or {@code null} if the class has no call site to rewrite
     * @throws RuntimeException if ASM cannot parse or write the class (the caller leaves it unchanged)
     */
    public static byte[] rewrite(byte[] classfile) {
        try {
            return rewrite(classfile, false, Extent.LOOPS_AND_VERDICTS);
        } catch (MethodTooLargeException e) {
            // A loop's copy pushed a method past the 64 KiB the JVM allows: that class keeps its loops as they
            // are, every call checked, rather than lose its rewrite.
            try {
                return rewrite(classfile, false, Extent.VERDICTS);
            } catch (MethodTooLargeException again) {
                // Even the verdicts and group checks do not fit: each call goes to its checked bridge, which
                // takes as many bytes as the call it replaces.
                return rewrite(classfile, false, Extent.BRIDGES);
            }
        }
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
        return rewrite(classfile, true, Extent.BRIDGES);
    }

    /** What a rewrite adds beyond the bridges; a method pushed past 64 KiB takes the next one down. */
    private enum Extent {
        /** Versioned counted loops and bracketed segment loops, merged groups, per-site verdicts. */
        LOOPS_AND_VERDICTS,
        /** Merged groups and per-site verdicts. */
        VERDICTS,
        /** Bridges alone: every call checked by its bridge, no code added but allocation call-site ids. */
        BRIDGES
    }

    /**
     * @param mismatch whether to rewrite the one {@code vectorizedMismatch} call too
     * @param extent what to add beyond the bridges
     */
    private static byte[] rewrite(byte[] classfile, boolean mismatch, Extent extent) {
        ClassReader reader = new ClassReader(classfile);
        CodeOffsets offsets = new CodeOffsets(reader, classfile);
        // A class the pre-filter passed for a name it mentions but with nothing to rewrite is not parsed, nor
        // its constant pool copied into a writer (docs/performance.md, section 4, "Classes with nothing to
        // rewrite left unparsed").
        if (!offsets.anyMayRewrite(owners(mismatch), loopOwners(extent))) {
            return null;
        }
        ClassWriter writer = InstrSupport.newWriter(reader);
        RewritingClassVisitor visitor = new RewritingClassVisitor(writer, offsets, mismatch, extent);
        // Expanded frames read the same wherever they stand, so a versioned loop's copy and a segment loop's
        // stubs can carry them. Without loops nothing copies a frame, and the frames are kept as they are: the
        // funnel, a class of some 500 methods rewritten in premain on JDK 22+, then takes about half as long
        // (docs/performance.md, section 4).
        reader.accept(visitor, extent == Extent.LOOPS_AND_VERDICTS ? ClassReader.EXPAND_FRAMES : 0);
        if (visitor.rewrittenSites == 0) {
            return null;
        }
        byte[] out = writer.toByteArray();
        if (!visitor.shiftedMethods.isEmpty()) {
            registerBciMaps(visitor, new CodeOffsets(new ClassReader(out), out));
        }
        return out;
    }

    /** @return the classes every call of which the rewrite looks at */
    private static Set<String> owners(boolean mismatch) {
        return mismatch ? BRIDGED_OWNERS_AND_MISMATCH : BRIDGED_OWNERS;
    }

    /**
     * @return the classes whose calls the rewrite looks at only inside a loop: segment and buffer loops are all
     *     it adds to a method that calls no {@code Unsafe} method, and only the widest extent adds them
     */
    private static Set<String> loopOwners(Extent extent) {
        return extent == Extent.LOOPS_AND_VERDICTS ? SegmentLoops.CALL_OWNERS : Set.of();
    }

    /**
     * A pushed call-site id or an inserted check moves the instructions after it; reports must print
     * original offsets, so the runtime learns, for each shifted method, where its invoke instructions were.
     * Rewriting only adds constant pushes, checks, flag loads and loop copies, so once the checks and the
     * copies' calls are left out, the n-th invoke of the rewritten method is the n-th invoke of the original.
     */
    private static void registerBciMaps(RewritingClassVisitor visitor, CodeOffsets rewritten) {
        for (ShiftedMethod m : visitor.shiftedMethods.values()) {
            CallSites.registerBciMap(visitor.className, m.name, m.descriptor,
                    without(rewritten.invokeOffsets(m.name, m.descriptor), m.insertedChecks),
                    visitor.offsets.invokeOffsets(m.name, m.descriptor));
        }
    }

    /** @return {@code offsets} without the entries at the ascending {@code positions} */
    private static int[] without(int[] offsets, int[] positions) {
        int[] kept = new int[offsets.length - positions.length];
        int n = 0;
        int p = 0;
        for (int i = 0; i < offsets.length; i++) {
            if (p < positions.length && positions[p] == i) {
                p++;
            } else {
                kept[n++] = offsets[i];
            }
        }
        return kept;
    }

    /** A method whose instructions moved, and the invoke positions of the span checks it gained. */
    private static final class ShiftedMethod {
        final String name;
        final String descriptor;
        int[] insertedChecks = new int[0];

        ShiftedMethod(String name, String descriptor) {
            this.name = name;
            this.descriptor = descriptor;
        }
    }

    /** Collects the class-level facts call sites are registered with and wraps every method. */
    private static final class RewritingClassVisitor extends ClassVisitor
            implements UnsafeCallSiteRewriter.Site, MergedCheckRewriter.Site {
        private final CodeOffsets offsets;
        private final Set<String> owners;
        private final Set<String> loopOwners;
        private final boolean mismatch;
        private final Extent extent;
        private String className;
        private String internalName;
        private String sourceFile;
        private int rewrittenSites;
        private final Map<String, ShiftedMethod> shiftedMethods = new LinkedHashMap<>();
        private final Set<String> finalHandles = new HashSet<>();

        RewritingClassVisitor(ClassVisitor next, CodeOffsets offsets, boolean mismatch, Extent extent) {
            super(InstrSupport.ASM_API, next);
            this.offsets = offsets;
            this.owners = owners(mismatch);
            this.loopOwners = loopOwners(extent);
            this.mismatch = mismatch;
            this.extent = extent;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName,
                String[] interfaces) {
            internalName = name;
            className = name.replace('/', '.');
            super.visit(version, access, name, signature, superName, interfaces);
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
            // Fields come before methods in a class file, so the set is complete when the first method is rewritten.
            int staticFinal = Opcodes.ACC_STATIC | Opcodes.ACC_FINAL;
            if ((access & staticFinal) == staticFinal && "Ljava/lang/invoke/VarHandle;".equals(descriptor)) {
                finalHandles.add(name);
            }
            return super.visitField(access, name, descriptor, signature, value);
        }

        @Override
        public Set<String> finalHandles() {
            return finalHandles;
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
            // Nothing to rewrite in a method that calls no Unsafe method, and no segment or buffer accessor in a
            // loop: handed the writer itself, ASM copies its bytes without parsing them (the reader and the writer
            // share the constant pool). In the funnel, that is each public method, which only calls its Internal
            // twin (docs/performance.md, section 4, "The funnel's wrappers copied").
            if (!offsets.mayRewrite(name, descriptor, owners, loopOwners)) {
                return next;
            }
            // Bridges first, then the span checks of merged groups and single calls over the bridged calls. The
            // JDK's funnel gets neither: each of its methods makes one access, and its bytecode indices stay the
            // JDK's.
            MethodVisitor below = extent == Extent.BRIDGES ? next
                    : new MergedCheckRewriter(next, this, internalName, extent == Extent.LOOPS_AND_VERDICTS, access,
                            name, descriptor, signature, exceptions);
            MethodVisitor sites = new UnsafeCallSiteRewriter(below, this, name, descriptor);
            return mismatch ? new MismatchCallRewriter(sites, this) : sites;
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
            shiftedMethod(method, descriptor);
        }

        @Override
        public void checksInserted(String method, String descriptor, int[] inserted) {
            shiftedMethod(method, descriptor).insertedChecks = inserted;
        }

        /** The method's entry, made on first use; no lambda, whose class the JVM would spin at the first rewrite. */
        private ShiftedMethod shiftedMethod(String method, String descriptor) {
            String key = method + descriptor;
            ShiftedMethod shifted = shiftedMethods.get(key);
            if (shifted == null) {
                shifted = new ShiftedMethod(method, descriptor);
                shiftedMethods.put(key, shifted);
            }
            return shifted;
        }
    }
}
