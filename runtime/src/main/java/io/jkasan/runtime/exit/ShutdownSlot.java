package io.jkasan.runtime.exit;

import jdk.internal.access.SharedSecrets;

/**
 * Registers jkasan's exit handler as a system shutdown hook of the JDK ({@code java.lang.Shutdown}'s hook
 * slots, the mechanism of {@code java.io.DeleteOnExitHook} and the console's restore hook).
 *
 * <p>System hooks run in slot order on the thread that is exiting, after slot 1 has run every application
 * shutdown hook to its end. The last slot therefore sees every report the program's own hooks made, runs
 * where {@link ProgramExit} can read the exit status, and may halt with another status without cutting an
 * application hook short; {@code System.exit} there would block forever, since the exiting thread holds the
 * shutdown lock. If the slot cannot be had (a JDK without it), an ordinary shutdown hook is used instead: it
 * runs beside the application's hooks, cannot know the exit status, and so never changes it.
 */
public final class ShutdownSlot {
    /** {@code Shutdown.MAX_SYSTEM_HOOKS - 1}: after the console (0), the application (1) and delete-on-exit (2). */
    static final int SLOT = 9;

    private ShutdownSlot() {
    }

    /**
     * @param handler what to run at exit
     * @return whether it runs as a system hook on the exiting thread (otherwise as an application hook)
     */
    public static boolean register(Runnable handler) {
        try {
            SharedSecrets.getJavaLangAccess().registerShutdownHook(SLOT, false, handler);
            return true;
        } catch (RuntimeException | LinkageError | InternalError e) {
            Runtime.getRuntime().addShutdownHook(new Thread(handler, "jkasan exit"));
            return false;
        }
    }
}
