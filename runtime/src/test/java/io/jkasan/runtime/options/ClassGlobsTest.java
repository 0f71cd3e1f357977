package io.jkasan.runtime.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Glob semantics of {@link ClassGlobs}. */
class ClassGlobsTest {

    @Test
    void star_matches_any_run_including_dots_and_nothing() {
        assertTrue(new ClassGlobs("*").matches(""));
        assertTrue(new ClassGlobs("*").matches("a.b.C"));
        assertTrue(new ClassGlobs("a.*").matches("a.b.C"));
        assertTrue(new ClassGlobs("a.*C").matches("a.C"));
        assertTrue(new ClassGlobs("**").matches("a"));
    }

    @Test
    void question_mark_matches_exactly_one_character() {
        assertTrue(new ClassGlobs("a?c").matches("abc"));
        assertFalse(new ClassGlobs("a?c").matches("ac"));
        assertFalse(new ClassGlobs("a?c").matches("abbc"));
        assertFalse(new ClassGlobs("?").matches(""));
    }

    @Test
    void the_whole_name_must_match() {
        assertFalse(new ClassGlobs("a.b").matches("a.b.C"));
        assertFalse(new ClassGlobs("b.C").matches("a.b.C"));
        assertFalse(new ClassGlobs("a*").matches("ba"));
    }

    @Test
    void a_failed_literal_returns_to_the_last_star() {
        assertTrue(new ClassGlobs("net.openhft.chronicle.core.*Memory")
                .matches("net.openhft.chronicle.core.UnsafeMemory"));
        assertFalse(new ClassGlobs("net.openhft.chronicle.core.*Memory")
                .matches("net.openhft.chronicle.core.UnsafeMemoryX"));
        assertTrue(new ClassGlobs("a*b*c").matches("axbxbxc"));
        assertTrue(new ClassGlobs("*ab").matches("aab"));
        assertFalse(new ClassGlobs("*ab").matches("aba"));
        assertTrue(new ClassGlobs("io.netty.util.internal.PlatformDependent*")
                .matches("io.netty.util.internal.PlatformDependent0$1"));
    }

    @Test
    void regex_characters_are_literal() {
        assertTrue(new ClassGlobs("a$b").matches("a$b"));
        assertFalse(new ClassGlobs("a.b").matches("axb"));
    }

    @Test
    void colon_separates_globs_and_empty_matches_nothing() {
        ClassGlobs m = new ClassGlobs("x.*:y.Z");
        assertTrue(m.matches("x.A"));
        assertTrue(m.matches("y.Z"));
        assertFalse(m.matches("y.A"));
        assertFalse(new ClassGlobs("").matches(""));
        assertFalse(new ClassGlobs("").matches("a"));
        assertTrue(new ClassGlobs("").isEmpty());
        assertFalse(new ClassGlobs("::a").isEmpty());
        assertTrue(new ClassGlobs("::a").matches("a"));
    }

    /** The same answer as the regular expression the globs stand for, over random globs and names. */
    @Test
    void agrees_with_the_regular_expression_of_each_glob() {
        SplittableRandom random = new SplittableRandom(20261206);
        String globAlphabet = "ab.*?";
        String nameAlphabet = "ab.";
        for (int i = 0; i < 20_000; i++) {
            String glob = randomString(random, globAlphabet, 6);
            String name = randomString(random, nameAlphabet, 8);
            StringBuilder regex = new StringBuilder();
            for (char c : glob.toCharArray()) {
                regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
            }
            boolean expected = glob.isEmpty() ? false : Pattern.compile(regex.toString(), Pattern.DOTALL)
                    .matcher(name).matches();
            assertEquals(expected, new ClassGlobs(glob).matches(name), () -> glob + " against " + name);
        }
    }

    private static String randomString(SplittableRandom random, String alphabet, int maxLength) {
        int length = random.nextInt(maxLength + 1);
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }
}
