package io.jkasan.agent.instr;

import io.jkasan.runtime.hooks.UnbridgedCallSites;
import io.jkasan.runtime.hooks.UnsafeMethod;
import io.jkasan.runtime.hooks.UnsafeMethods;
import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.Set;

/**
 * The bridge table as the running JDK sees it: a call site is rewritten only if the table has a bridge for
 * its method and the running JDK's {@code Unsafe} declares that method. A table row the JDK lacks (an
 * {@code Object}-named alias of {@code jdk.internal.misc.Unsafe} on JDK 25, say) keeps its original call,
 * which fails exactly as it would without the agent, instead of being served by a bridge.
 */
final class BridgeLookup {
    private static final Set<String> DECLARED = declared();

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
        if (method != null && DECLARED.contains(owner + '.' + name + descriptor)) {
            return method;
        }
        if (!UnsafeMethods.accessesNoMemory(name)) {
            UnbridgedCallSites.add();
        }
        return null;
    }

    /** Reads, once, which table rows the running JDK declares. */
    private static Set<String> declared() {
        Set<String> declared = new HashSet<>();
        for (String owner : new String[] {UnsafeMethods.SUN_MISC_UNSAFE, UnsafeMethods.INTERNAL_UNSAFE}) {
            Class<?> c;
            try {
                c = Class.forName(owner.replace('/', '.'), false, null);
            } catch (ClassNotFoundException e) {
                continue;                      // no jdk.unsupported module: nothing calls sun.misc.Unsafe
            }
            for (Method m : c.getMethods()) {
                declared.add(owner + '.' + m.getName() + descriptor(m));
            }
        }
        return declared;
    }

    private static String descriptor(Method m) {
        StringBuilder b = new StringBuilder("(");
        for (Class<?> p : m.getParameterTypes()) {
            b.append(p.descriptorString());
        }
        return b.append(')').append(m.getReturnType().descriptorString()).toString();
    }
}
