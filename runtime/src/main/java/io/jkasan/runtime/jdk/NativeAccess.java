package io.jkasan.runtime.jdk;

/**
 * Grants native access so that the runtime's FFM downcalls ({@code mmap}, on JDK 22+, for an arena the kernel
 * refuses {@code malloc}) print no restricted-method warning. Made only when such a downcall is about to be
 * linked, so a program whose arena comes from {@code malloc} keeps the JDK's warnings exactly as without the
 * agent.
 *
 * <p>An {@code Enable-Native-Access} manifest entry is not honoured for agent jars, and
 * {@code JavaLangAccess.addEnableNativeAccess(Module)} does not cover unnamed modules (the runtime is the boot
 * loader's), so the one switch that works is {@code addEnableNativeAccessToAllUnnamed()}. It also grants every
 * unnamed module of the application native access, exactly as {@code --enable-native-access=ALL-UNNAMED} does;
 * that is accepted because it only removes a warning (JDK 22-25 permit restricted calls from unnamed modules
 * anyway) and a program run under a memory checker is not the place that warning protects.
 */
public final class NativeAccess {
    private NativeAccess() {
    }

    /**
     * Grants native access to every unnamed module. Needs {@code jdk.internal.access} exported to the runtime
     * (the agent does it first thing); where that or the method is missing, the only consequence is the JDK's
     * own warning line at the first downcall.
     */
    public static void grantToAllUnnamed() {
        try {
            Class<?> secrets = Class.forName("jdk.internal.access.SharedSecrets");
            Object javaLangAccess = secrets.getMethod("getJavaLangAccess").invoke(null);
            Class.forName("jdk.internal.access.JavaLangAccess")
                    .getMethod("addEnableNativeAccessToAllUnnamed")
                    .invoke(javaLangAccess);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return;
        }
    }
}
