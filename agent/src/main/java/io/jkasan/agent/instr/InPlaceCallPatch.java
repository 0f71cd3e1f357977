package io.jkasan.agent.instr;

import io.jkasan.runtime.hooks.UnbridgedCallSites;
import io.jkasan.runtime.hooks.UnsafeMethod;
import io.jkasan.runtime.hooks.UnsafeMethods;
import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;

/**
 * The bridges of a JDK class written into a copy of its class file in place, without ASM parsing a method.
 *
 * <p>{@link UnsafeCallSiteRewriter} and {@link MismatchCallRewriter} turn a call into an {@code invokestatic} of
 * the same length and the same operand stack; unless a call needs its call-site id pushed (an allocation), that
 * is all a rewrite does to a class that gets no loops, groups or verdicts, such as the segment funnel. This copy
 * appends to the constant pool one {@code Methodref} per bridge, with the {@code Class}, {@code NameAndType} and
 * {@code Utf8} entries it names, and points each replaced instruction at it: three bytes per call. No instruction
 * moves and no existing constant-pool index changes, so the stack map frames, exception tables, line numbers and
 * every other attribute stay valid as they are (JVMS §4.1, §4.4, §4.7). For the funnel, about 240 methods
 * rewritten cold in {@code premain} on JDK 22+, that is most of its rewrite's time (docs/performance.md,
 * section 4); {@code ScopedMemoryAccessRewriteTest} holds that both ways give the same instructions.
 *
 * <p>Only for JDK classes: their calls name methods that their own JDK's {@code Unsafe} declares, so the check
 * {@link BridgeLookup} makes of an application's calls against the running JDK has nothing to find here.
 */
final class InPlaceCallPatch {
    private static final int CONSTANT_UTF8 = 1;
    private static final int CONSTANT_CLASS = 7;
    private static final int CONSTANT_METHODREF = 10;
    private static final int CONSTANT_NAME_AND_TYPE = 12;
    /** {@code magic}, {@code minor_version}, {@code major_version}: then {@code constant_pool_count}. */
    private static final int CONSTANT_POOL_COUNT = 8;
    /** The largest {@code constant_pool_count} (a {@code u2}). */
    private static final int MAX_CONSTANT_POOL_COUNT = 0xFFFF;

    private final byte[] original;
    private final ClassReader reader;
    /** For each constant-pool index of a replaced {@code Methodref}: the index of its bridge's, else 0. */
    private final int[] bridgeOf;
    /** For each such index: the opcode of the calls replaced ({@code invokevirtual} of {@code Unsafe}). */
    private final int[] replacedOpcode;
    /** Indices of {@code Unsafe} methods that may access memory and have no bridge: counted per call. */
    private final boolean[] unbridged;
    private final ByteArrayOutputStream appended = new ByteArrayOutputStream();
    private final Map<String, Integer> utf8s = new HashMap<>();
    private final Map<String, Integer> classes = new HashMap<>();
    private final Map<Long, Integer> namesAndTypes = new HashMap<>();
    private int count;
    private boolean needsCallSite;

    private InPlaceCallPatch(byte[] classfile) {
        this.original = classfile;
        this.reader = new ClassReader(classfile);
        this.count = reader.getItemCount();
        this.bridgeOf = new int[count];
        this.replacedOpcode = new int[count];
        this.unbridged = new boolean[count];
        planBridges();
    }

    /**
     * Reads which calls of a class would be bridged and how.
     *
     * @param classfile a JDK class's class file
     * @return the plan, to {@link #apply()} if {@link #inPlace()}
     */
    static InPlaceCallPatch of(byte[] classfile) {
        return new InPlaceCallPatch(classfile);
    }

    /**
     * @return whether every bridged call is a replacement of the same length: false if one needs its call-site
     *     id pushed, or the constant pool would outgrow its {@code u2} count
     */
    boolean inPlace() {
        return !needsCallSite && count <= MAX_CONSTANT_POOL_COUNT;
    }

    /**
     * @return the class file with every bridged call replaced, or {@code null} if none is; each call to an
     *     {@code Unsafe} method that may access memory and has no bridge is counted in {@link UnbridgedCallSites}
     * @throws IllegalStateException if not {@link #inPlace()}
     */
    byte[] apply() {
        if (!inPlace()) {
            throw new IllegalStateException("the calls of this class cannot be bridged in place");
        }
        int poolEnd = reader.header;                                 // access_flags follows the constant pool
        byte[] entries = appended.toByteArray();
        int shift = entries.length;
        byte[] out = new byte[original.length + shift];
        System.arraycopy(original, 0, out, 0, poolEnd);
        System.arraycopy(entries, 0, out, poolEnd, shift);
        System.arraycopy(original, poolEnd, out, poolEnd + shift, original.length - poolEnd);
        out[CONSTANT_POOL_COUNT] = (byte) (count >>> 8);
        out[CONSTANT_POOL_COUNT + 1] = (byte) count;
        int replaced = 0;
        for (int position : new CodeOffsets(reader, original).callPositions()) {
            int opcode = original[position] & 0xFF;
            int index = reader.readUnsignedShort(position + 1);
            if (bridgeOf[index] != 0 && opcode == replacedOpcode[index]) {
                // stack: ..., [Unsafe,] args -> ..., result: the same before the bridge as before the call
                int p = position + shift;
                out[p] = (byte) Opcodes.INVOKESTATIC;
                out[p + 1] = (byte) (bridgeOf[index] >>> 8);
                out[p + 2] = (byte) bridgeOf[index];
                replaced++;
            } else if (unbridged[index] && opcode == Opcodes.INVOKEVIRTUAL) {
                UnbridgedCallSites.add();
            }
        }
        return replaced == 0 ? null : out;
    }

    /** Finds each {@code Methodref} with a bridge and appends the bridge's {@code Methodref}. */
    private void planBridges() {
        char[] buffer = new char[reader.getMaxStringLength()];
        int items = count;                                           // the entries appended below are not read
        for (int i = 1; i < items; i++) {
            int offset = reader.getItem(i);
            if (offset == 0 || original[offset - 1] != CONSTANT_METHODREF) {
                continue;                            // not a Methodref, or the second slot of a long or double
            }
            String owner = reader.readClass(offset, buffer);
            int nameAndType = reader.getItem(reader.readUnsignedShort(offset + 2));
            String name = reader.readUTF8(nameAndType, buffer);
            String descriptor = reader.readUTF8(nameAndType + 2, buffer);
            if (UnsafeMethods.isTargetOwner(owner)) {
                UnsafeMethod method = UnsafeMethods.find(owner, name, descriptor);
                if (method == null) {
                    unbridged[i] = !UnsafeMethods.accessesNoMemory(name);
                    continue;
                }
                needsCallSite |= method.takesCallSite();
                bridgeOf[i] = methodref(method.hookClass(), reader.readUnsignedShort(nameAndType),
                        utf8(method.bridgeDescriptor()));
                replacedOpcode[i] = Opcodes.INVOKEVIRTUAL;
            } else if (MismatchCallRewriter.ARRAYS_SUPPORT.equals(owner) && MismatchCallRewriter.NAME.equals(name)
                    && MismatchCallRewriter.DESCRIPTOR.equals(descriptor)) {
                bridgeOf[i] = methodref(MismatchCallRewriter.HOOK_CLASS, reader.readUnsignedShort(nameAndType),
                        reader.readUnsignedShort(nameAndType + 2));
                replacedOpcode[i] = Opcodes.INVOKESTATIC;
            }
        }
    }

    /** @return the index of a new {@code Methodref} of {@code owner} with the given name and descriptor entries */
    private int methodref(String owner, int name, int descriptor) {
        // No lambdas: this runs in premain, where each would spin a class.
        Integer classIndex = classes.get(owner);
        if (classIndex == null) {
            classIndex = entry(CONSTANT_CLASS, utf8(owner), -1);
            classes.put(owner, classIndex);
        }
        Long key = ((long) name << 16) | descriptor;
        Integer nat = namesAndTypes.get(key);
        if (nat == null) {
            nat = entry(CONSTANT_NAME_AND_TYPE, name, descriptor);
            namesAndTypes.put(key, nat);
        }
        return entry(CONSTANT_METHODREF, classIndex, nat);
    }

    /** @return the index of an appended {@code Utf8} entry holding {@code s}, which is ASCII (a name or descriptor) */
    private int utf8(String s) {
        Integer known = utf8s.get(s);
        if (known != null) {
            return known;
        }
        appended.write(CONSTANT_UTF8);
        u2(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0 || c > 0x7F) {
                throw new IllegalArgumentException("not ASCII: " + s);
            }
            appended.write(c);
        }
        utf8s.put(s, count);
        return count++;
    }

    /** Appends an entry of one or two {@code u2} fields ({@code second} -1 for one) and returns its index. */
    private int entry(int tag, int first, int second) {
        appended.write(tag);
        u2(first);
        if (second >= 0) {
            u2(second);
        }
        return count++;
    }

    private void u2(int value) {
        appended.write(value >>> 8);
        appended.write(value);
    }
}
