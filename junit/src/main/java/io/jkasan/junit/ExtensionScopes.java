package io.jkasan.junit;

import io.jkasan.KasanError;
import io.jkasan.KasanReport;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

/**
 * The {@link ReportScope} of each test and test class that {@link KasanExtension} watches, kept in the
 * extension context's store: opened when its lifecycle starts, checked when it ends. A scope whose end is
 * never seen (a test whose constructor threw) is abandoned when JUnit closes the context's store, and its
 * reports go to the class. The first scope opened also registers the {@link RunCheck}.
 */
final class ExtensionScopes {
    private static final Namespace NAMESPACE = Namespace.create(ExtensionScopes.class);

    private ExtensionScopes() {
    }

    /**
     * Opens the scope of a test or class, once, and binds it to the calling thread.
     *
     * @param context a test's or a class's context
     */
    static void enter(ExtensionContext context) {
        ReportLedger ledger = ReportLedger.installed();
        RunCheck.registerWith(context.getRoot());
        Handle handle = context.getStore(NAMESPACE).computeIfAbsent(context.getUniqueId(),
                id -> new Handle(ledger, ledger.open(describe(context), enclosing(context))), Handle.class);
        ledger.bind(handle.scope);
    }

    /**
     * Closes the scope of a test or class and fails it for every report charged to it and not claimed, except
     * the one whose {@link KasanError} already failed it.
     *
     * @param context a test's or a class's context
     * @throws AssertionError naming the reports and carrying them in full
     */
    static void exitAndCheck(ExtensionContext context) {
        Handle handle = context.getStore(NAMESPACE).get(context.getUniqueId(), Handle.class);
        if (handle == null) {
            return; // never entered: the agent was missing and the context already failed for that
        }
        List<KasanReport> reports = handle.ledger.close(handle.scope);
        context.getExecutionException().ifPresent(thrown -> reports.removeIf(r -> alreadyThrown(thrown, r)));
        if (!reports.isEmpty()) {
            throw ReportFailure.during(handle.scope.description(), reports);
        }
    }

    private static boolean alreadyThrown(Throwable thrown, KasanReport report) {
        Throwable t = thrown;
        for (int depth = 0; t != null && depth < 8; depth++, t = t.getCause()) { // bounded: causes may loop
            if (t instanceof KasanError && ((KasanError) t).report() == report) {
                return true;
            }
        }
        return false;
    }

    private static ReportScope enclosing(ExtensionContext context) {
        for (Optional<ExtensionContext> p = context.getParent(); p.isPresent(); p = p.get().getParent()) {
            Handle h = p.get().getStore(NAMESPACE).get(p.get().getUniqueId(), Handle.class);
            if (h != null) {
                return h.scope;
            }
        }
        return null;
    }

    /** @return {@code test com.acme.FooTest.reads()} or {@code class com.acme.FooTest}, for messages */
    static String describe(ExtensionContext context) {
        Optional<Method> method = context.getTestMethod();
        Optional<Class<?>> testClass = context.getTestClass();
        if (method.isPresent() && testClass.isPresent()) {
            String name = testClass.get().getName() + "." + method.get().getName() + "()";
            String display = context.getDisplayName();
            return "test " + name + (display.equals(method.get().getName() + "()") ? "" : " [" + display + "]");
        }
        return testClass.map(c -> "class " + c.getName()).orElse(context.getDisplayName());
    }

    /** The store's value for a scope; closing it abandons the scope if nobody checked it. */
    private static final class Handle implements AutoCloseable {
        private final ReportLedger ledger;
        private final ReportScope scope;

        Handle(ReportLedger ledger, ReportScope scope) {
            this.ledger = ledger;
            this.scope = scope;
        }

        @Override
        public void close() {
            ledger.abandon(scope);
        }
    }
}
