package io.jkasan.agent.instr;

import io.jkasan.runtime.hooks.UnbridgedCallSites;
import io.jkasan.runtime.hooks.UnsafeMethod;
import io.jkasan.runtime.hooks.UnsafeMethods;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.Type;

/**
 * The bridge table as the running JDK sees it: a call site is rewritten only if the table has a bridge for
 * its method and the running JDK's {@code Unsafe} declares that method. A table row the JDK lacks (an
 * {@code Object}-named alias of {@code jdk.internal.misc.Unsafe} on JDK 25, say) keeps its original call,
 * which fails exactly as it would without the agent, instead of being served by a bridge.
 */
final class BridgeLookup {
    /**
     * Whether the running JDK declares each table row asked about so far, keyed by owner, name and descriptor.
     * Filled one row at a time: reflecting over every public method of both classes took 14-18 ms in a fresh
     * JVM (docs/performance.md, section 4), where a program's call sites name a few dozen rows.
     */
    private static final ConcurrentHashMap<String, Boolean> DECLARED = new ConcurrentHashMap<>();

    private BridgeLookup() {
    }

    /**
     * @param owner the call's owner, an internal name
     * @param name the method name
     * @param descriptor the method descriptor
     * @return the bridged method, or {@code null} to leave the call as it is; a call on an {@code Unsafe}
     *     owner that is left although it may access memory is counted in {@link UnbridgedCallSites}
     */
    static UnsafeMethod find(String owner, String name, String descriptor) {
        if (!UnsafeMethods.isTargetOwner(owner)) {
            return null;
        }
        UnsafeMethod method = UnsafeMethods.find(owner, name, descriptor);
        if (method != null && declared(owner, name, descriptor)) {
            return method;
        }
        if (!UnsafeMethods.accessesNoMemory(name)) {
            UnbridgedCallSites.add();
        }
        return null;
    }

    private static boolean declared(String owner, String name, String descriptor) {
        String key = owner + '.' + name + descriptor;
        Boolean known = DECLARED.get(key);
        if (known == null) {
            known = declaredByJdk(owner, name, descriptor);  // two threads may both look: same answer
            DECLARED.put(key, known);
        }
        return known;
    }

    /** @return whether the running JDK's {@code owner} has a public method of that name and descriptor */
    private static boolean declaredByJdk(String owner, String name, String descriptor) {
        try {
            Class<?> c = Class.forName(owner.replace('/', '.'), false, null);
            Type[] arguments = Type.getArgumentTypes(descriptor);
            Class<?>[] parameters = new Class<?>[arguments.length];
            for (int i = 0; i < arguments.length; i++) {
                parameters[i] = classOf(arguments[i]);
            }
            return c.getMethod(name, parameters).getReturnType() == classOf(Type.getReturnType(descriptor));
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            return false;      // no jdk.unsupported module, or the row's method is not this JDK's: left as it is
        }
    }

    /** @return the boot class (or primitive) a descriptor type names; the table's types are all java.base's */
    private static Class<?> classOf(Type type) throws ClassNotFoundException {
        switch (type.getSort()) {
            case Type.VOID: return void.class;
            case Type.BOOLEAN: return boolean.class;
            case Type.CHAR: return char.class;
            case Type.BYTE: return byte.class;
            case Type.SHORT: return short.class;
            case Type.INT: return int.class;
            case Type.FLOAT: return float.class;
            case Type.LONG: return long.class;
            case Type.DOUBLE: return double.class;
            case Type.ARRAY: return Class.forName(type.getDescriptor().replace('/', '.'), false, null);
            default: return Class.forName(type.getClassName(), false, null);
        }
    }
}
