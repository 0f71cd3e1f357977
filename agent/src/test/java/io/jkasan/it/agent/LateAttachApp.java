package io.jkasan.it.agent;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.VirtualMachine;
import java.lang.reflect.Field;
import sun.misc.Unsafe;

/**
 * A program run by {@code AgentAttachIT} with {@code -Djdk.attach.allowAttachSelf=true}: loads and runs a
 * class that uses {@code Unsafe}, attaches the agent jar to itself, then makes that already loaded class write
 * past an allocation. Prints {@code refused} if the agent refused to start, {@code done} at the end.
 */
@SuppressWarnings("removal")
public final class LateAttachApp {
    private LateAttachApp() {
    }

    /**
     * @param args the agent jar, then its option string or {@code -} for none
     * @throws Exception if attaching fails otherwise
     */
    public static void main(String[] args) throws Exception {
        LoadedEarly.correctWrite(); // loaded, linked and run before the agent is there
        VirtualMachine vm = VirtualMachine.attach(Long.toString(ProcessHandle.current().pid()));
        try {
            vm.loadAgent(args[0], args[1].equals("-") ? null : args[1]);
        } catch (AgentInitializationException e) {
            System.out.println("refused");
        } finally {
            vm.detach();
        }
        LoadedEarly.outOfBoundsWrite();
        System.out.println("done");
    }

    /** Loaded before the attach: only retransformation can rewrite it. */
    static final class LoadedEarly {
        private static final Unsafe UNSAFE = unsafe();

        private LoadedEarly() {
        }

        static void correctWrite() {
            long p = UNSAFE.allocateMemory(16);
            UNSAFE.putByte(p + 15, (byte) 1);
            UNSAFE.freeMemory(p);
        }

        static void outOfBoundsWrite() {
            long p = UNSAFE.allocateMemory(16);
            UNSAFE.putByte(p + 16, (byte) 1);
            UNSAFE.freeMemory(p);
        }

        private static Unsafe unsafe() {
            try {
                Field f = Unsafe.class.getDeclaredField("theUnsafe");
                f.setAccessible(true);
                return (Unsafe) f.get(null);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }
}
