package io.jkasan.runtime.report;

import static io.jkasan.runtime.testing.KasanExpectations.expectReport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jkasan.Jkasan;
import io.jkasan.KasanError;
import io.jkasan.KasanReport;
import io.jkasan.ThreadStack;
import io.jkasan.runtime.alloc.VmallocArea;
import io.jkasan.runtime.check.AccessChecker;
import io.jkasan.runtime.check.OffHeapAllocator;
import io.jkasan.runtime.jdk.UnsafeAccess;
import io.jkasan.runtime.report.model.Hex;
import io.jkasan.runtime.state.RuntimeState;
import io.jkasan.runtime.testing.KasanExpectations;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Golden tests of the rendered report for each bug type (docs/report-format.md). Addresses are written relative to the
 * area ({@code A+0x...}), thread ids as {@code <tid>}, line numbers of this file as {@code <line>}, and only
 * this class's frames are kept, so the files
 * hold exactly the layout: fixed words, blank lines, separator, shadow rows and caret.
 *
 * <p>On a mismatch the actual text is written beside the golden file as {@code .new} and the test fails
 * naming both; updating a golden file means reviewing and copying that file.
 */
@ExtendWith(KasanExpectations.class)
class ReportGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final Pattern ADDRESS = Pattern.compile("\\b[0-9a-f]{16}\\b");
    private static final Pattern TASK = Pattern.compile("task ([^/\\s]+)/\\d+");
    /** Line numbers of this file move with every edit; the integration tests check lines in the samples. */
    private static final Pattern LINE = Pattern.compile("\\(ReportGoldenTest\\.java:\\d+\\)");

    @Test
    void vmalloc_out_of_bounds() throws IOException {
        long a = OffHeapAllocator.allocate(3000, 0);
        KasanReport r = expectReport("vmalloc-out-of-bounds", () -> AccessChecker.check(a + 3100, 1, false));
        assertGolden("vmalloc-out-of-bounds", r, a);
        assertLayout(r.text(), a + 3100);
        OffHeapAllocator.free(a);
    }

    @Test
    void vmalloc_out_of_bounds_left() throws IOException {
        long a = allocateAboveNoStack(64);
        KasanReport r = expectReport("vmalloc-out-of-bounds", () -> AccessChecker.check(a - 1, 1, false));
        assertGolden("vmalloc-out-of-bounds-left", r, a);
        assertTrue(r.text().contains("located 1 bytes to the left of\n 64-byte region"), r.text());
        OffHeapAllocator.free(a);
    }

    /**
     * An area whose page below is not a thread stack's guard page, where a byte is "stack guard page was hit":
     * a stack an earlier test left in the stack cache may lie just below the lowest free block, so areas placed
     * right above one are skipped (and freed again once the area is found).
     */
    private static long allocateAboveNoStack(long size) {
        List<Long> skipped = new ArrayList<>();
        try {
            while (true) {
                long a = OffHeapAllocator.allocate(size, 0);
                VmallocArea below = RuntimeState.space().areaContaining(a - 1);
                if (below == null || below.kind() != VmallocArea.Kind.THREAD_STACK) {
                    return a;
                }
                skipped.add(a);
            }
        } finally {
            for (long a : skipped) {
                OffHeapAllocator.free(a);
            }
        }
    }

    @Test
    void vmalloc_out_of_bounds_unaligned_write() throws IOException {
        long a = OffHeapAllocator.allocate(2035, 0);
        KasanReport r = expectReport("vmalloc-out-of-bounds", () -> AccessChecker.check(a + 2030, 8, true));
        assertGolden("vmalloc-out-of-bounds-unaligned-write", r, a);
        // first bad address is the partial granule at 2032 (shadow 03): the caret points at it
        assertLayout(r.text(), a + 2032);
        OffHeapAllocator.free(a);
    }

    @Test
    void use_after_free() throws IOException {
        long a = OffHeapAllocator.allocate(100, 0);
        OffHeapAllocator.free(a);
        KasanReport r = expectReport("use-after-free", () -> AccessChecker.check(a + 16, 8, false));
        assertGolden("use-after-free", r, a);
        assertLayout(r.text(), a + 16);
    }

    @Test
    void double_free() throws IOException {
        long a = OffHeapAllocator.allocate(100, 0);
        OffHeapAllocator.free(a);
        KasanReport r = expectReport("double-free", () -> OffHeapAllocator.free(a));
        assertGolden("double-free", r, a);
    }

    @Test
    void invalid_free() throws IOException {
        long a = OffHeapAllocator.allocate(100, 0);
        KasanReport r = expectReport("invalid-free", () -> OffHeapAllocator.free(a + 8));
        assertGolden("invalid-free", r, a);
        OffHeapAllocator.free(a);
    }

    @Test
    void null_ptr_deref() throws IOException {
        KasanReport r = expectReport("null-ptr-deref", () -> {
            try {
                AccessChecker.check(16L, 4, true);
                fail("KasanError expected");
            } catch (KasanError expected) {
                // thrown whatever the fault policy: the access would crash the JVM
            }
        });
        assertGolden("null-ptr-deref", r, 0);
    }

    @Test
    void array_out_of_bounds() throws IOException {
        long[] array = new long[3];
        long base = UnsafeAccess.U.arrayBaseOffset(long[].class);
        KasanReport r = expectReport("array-out-of-bounds", () -> AccessChecker.check(array, base + 24, 8, true));
        assertGolden("array-out-of-bounds", r, 0);
    }

    @Test
    void use_after_poison() throws IOException {
        long a = OffHeapAllocator.allocate(256, 0);
        Jkasan.poison(a + 64, 64);
        KasanReport r = expectReport("use-after-poison", () -> AccessChecker.check(a + 72, 2, false));
        assertGolden("use-after-poison", r, a);
        Jkasan.unpoison(a + 64, 64);
        OffHeapAllocator.free(a);
    }

    @Test
    void stack_out_of_bounds() throws Exception {
        onNewThread(() -> {
            try (ThreadStack.Frame frame = ThreadStack.push()) {
                long p = frame.alloc(13);
                frame.alloc(24);
                KasanReport r = expectReport("stack-out-of-bounds", () -> AccessChecker.check(p + 13, 1, true));
                assertGolden("stack-out-of-bounds", r, ThreadStack.low());
                assertLayout(r.text(), p + 13);          // first bad: the partial granule (05)
            }
        });
    }

    @Test
    void stack_use_after_return() throws Exception {
        onNewThread(() -> {
            long p;
            try (ThreadStack.Frame frame = ThreadStack.push()) {
                p = frame.alloc(40);
            }
            KasanReport r = expectReport("stack-use-after-return", () -> AccessChecker.check(p + 8, 8, false));
            assertGolden("stack-use-after-return", r, ThreadStack.low());
            assertLayout(r.text(), p + 8);
        });
    }

    @Test
    void stack_guard_page() throws Exception {
        onNewThread(() -> {
            long low = ThreadStack.low();
            KasanReport r = expectReport("stack-out-of-bounds", () -> AccessChecker.check(low - 8, 8, false));
            assertGolden("stack-guard-page", r, low);
        });
    }

    /** Runs a check on a new thread, so it gets a fresh thread stack, and rethrows its failure. */
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static void onNewThread(ThrowingRunnable body) throws Exception {
        Exception[] failure = new Exception[1];
        Error[] error = new Error[1];
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Exception e) {
                failure[0] = e;
            } catch (Error e) {
                error[0] = e;
            }
        }, "golden");
        t.start();
        t.join();
        if (error[0] != null) {
            throw error[0];
        }
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    /** Checks the fixed parts of docs/report-format.md directly, independent of the golden files. */
    private static void assertLayout(String text, long firstBad) {
        String[] lines = text.split("\n", -1);
        assertEquals("=".repeat(66), lines[0]);
        assertEquals("=".repeat(66), lines[lines.length - 2]);
        assertEquals("", lines[lines.length - 1]);
        int mem = indexOf(lines, "Memory state around the buggy address:");
        int guilty = mem + 3;
        assertTrue(lines[guilty].startsWith(">"), text);
        String label = Hex.address(firstBad & -128);
        assertEquals(label, lines[guilty].substring(1, 17));
        int i = (int) ((firstBad & 127) >>> 3);
        assertEquals(" ".repeat(19 + 3 * i) + "^", lines[guilty + 1]);
        for (int r : new int[] {mem + 1, mem + 2, guilty, mem + 5, mem + 6}) {
            assertTrue(lines[r].matches("[ >][0-9a-f]{16}:( [0-9a-f]{2}){16}"), lines[r]);
        }
    }

    private static int indexOf(String[] lines, String line) {
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].equals(line)) {
                return i;
            }
        }
        throw new AssertionError("no line '" + line + "'");
    }

    private static void assertGolden(String name, KasanReport r, long areaStart) throws IOException {
        String actual = normalise(r.text(), areaStart);
        Path file = GOLDEN.resolve(name + ".txt");
        Path fresh = GOLDEN.resolve(name + ".txt.new");
        String expected = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
        if (!actual.equals(expected)) {
            Files.createDirectories(GOLDEN);
            Files.writeString(fresh, actual, StandardCharsets.UTF_8);
            fail("report differs from " + file.toAbsolutePath() + "; actual written to " + fresh.toAbsolutePath()
                    + "\n" + actual);
        }
        Files.deleteIfExists(fresh);
    }

    static String normalise(String text, long areaStart) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            boolean frame = line.startsWith(" ") && line.contains("+0x") && line.contains("/0x");
            if (frame && !line.startsWith(" " + ReportGoldenTest.class.getName() + ".")) {
                continue;                                     // JUnit's frames vary by version
            }
            if (line.startsWith(" ... ") && line.endsWith(" (folded)")) {
                continue;                                     // so does the number of them folded
            }
            Matcher m = ADDRESS.matcher(line);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                long v = Long.parseUnsignedLong(m.group(), 16);
                long d = v - areaStart;
                String rel = areaStart == 0 ? m.group() : d >= 0 ? "A+" + Long.toHexString(d) : "A-" + Long.toHexString(-d);
                m.appendReplacement(sb, pad(rel, m.group().length()));
            }
            m.appendTail(sb);
            String normalised = TASK.matcher(sb).replaceAll("task $1/<tid>");
            out.append(LINE.matcher(normalised).replaceAll("(ReportGoldenTest.java:<line>)")).append('\n');
        }
        out.setLength(out.length() - 1);
        return out.toString();
    }

    /** Keeps columns stable so the caret line still lines up in the golden file. */
    private static String pad(String s, int width) {
        StringBuilder b = new StringBuilder(s);
        while (b.length() < width) {
            b.append('_');
        }
        return b.toString();
    }
}
