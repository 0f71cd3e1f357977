package io.jkasan.junit;

import io.jkasan.Jkasan;
import io.jkasan.KasanReport;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails the test during which jkasan made a report, naming the report (docs/usage.md, "In test suites").
 *
 * <p>Register with {@code @ExtendWith(KasanExtension.class)}, or for every test through JUnit's extension
 * auto-detection ({@code junit.jupiter.extensions.autodetection.enabled=true}); this jar declares the
 * extension in {@code META-INF/services}. Reports a test expects are claimed with
 * {@link KasanAssertions#expectKasanReport} and do not fail it.
 */
public final class KasanExtension implements BeforeEachCallback, AfterEachCallback {
    /** Creates the extension; JUnit calls this. */
    public KasanExtension() {
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Jkasan.clearReports();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<KasanReport> reports = Jkasan.reports();
        Jkasan.clearReports();
        if (!reports.isEmpty()) {
            KasanReport first = reports.get(0);
            throw new AssertionError("KASAN: " + reports.size() + " report(s) during "
                    + context.getDisplayName() + "; first: " + first.bugType() + " " + first.title() + "\n"
                    + first.text());
        }
    }
}
