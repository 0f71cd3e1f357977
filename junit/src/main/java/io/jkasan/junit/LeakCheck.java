package io.jkasan.junit;

import io.jkasan.AllocationMark;
import io.jkasan.Jkasan;
import io.jkasan.KasanLeaks;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * {@link KasanLeakCheck} for one test: a mark in the allocations before the test, and after it the test's
 * allocations still live. The mark lives in the test's extension store, so parallel tests do not share it;
 * their allocations, though, are told apart only by order, so a test running beside another may be blamed
 * for its neighbour's live memory.
 */
final class LeakCheck {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LeakCheck.class);

    private LeakCheck() {
    }

    /** Takes the mark, if the test is checked. */
    static void before(ExtensionContext test) {
        if (isChecked(test)) {
            test.getStore(NAMESPACE).put(AllocationMark.class, Jkasan.allocationMark());
        }
    }

    /**
     * @throws AssertionError naming every allocation the test left live, grouped by allocation stack
     */
    static void after(ExtensionContext test) {
        AllocationMark mark = test.getStore(NAMESPACE).remove(AllocationMark.class, AllocationMark.class);
        if (mark == null) {
            return;
        }
        KasanLeaks leaks = Jkasan.leaksSince(mark);
        if (!leaks.isEmpty()) {
            throw new AssertionError("KASAN: " + test.getDisplayName() + " leaked " + leaks.bytes() + " byte(s) in "
                    + leaks.allocations().size() + " allocation(s)\n" + leaks.text());
        }
    }

    /** Drops the mark of a test that already failed on a report: one failure is enough. */
    static void forget(ExtensionContext test) {
        test.getStore(NAMESPACE).remove(AllocationMark.class);
    }

    private static boolean isChecked(ExtensionContext test) {
        if (test.getConfigurationParameter(KasanLeakCheck.ALL_TESTS, Boolean::parseBoolean).orElse(false)) {
            return true;
        }
        // @Inherited covers subclasses; AnnotationSupport also finds it on a nested class's method.
        return AnnotationSupport.isAnnotated(test.getElement(), KasanLeakCheck.class)
                || AnnotationSupport.isAnnotated(test.getTestClass(), KasanLeakCheck.class);
    }
}
