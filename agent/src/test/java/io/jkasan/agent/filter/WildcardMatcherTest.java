package io.jkasan.agent.filter;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Glob semantics of {@link WildcardMatcher}. */
class WildcardMatcherTest {

    @Test
    void star_matches_any_run_including_dots_and_nothing() {
        assertTrue(new WildcardMatcher("*").matches(""));
        assertTrue(new WildcardMatcher("*").matches("a.b.C"));
        assertTrue(new WildcardMatcher("a.*").matches("a.b.C"));
        assertTrue(new WildcardMatcher("a.*C").matches("a.C"));
    }

    @Test
    void question_mark_matches_exactly_one_character() {
        assertTrue(new WildcardMatcher("a?c").matches("abc"));
        assertFalse(new WildcardMatcher("a?c").matches("ac"));
        assertFalse(new WildcardMatcher("a?c").matches("abbc"));
    }

    @Test
    void the_whole_name_must_match() {
        assertFalse(new WildcardMatcher("a.b").matches("a.b.C"));
        assertFalse(new WildcardMatcher("b.C").matches("a.b.C"));
    }

    @Test
    void regex_characters_are_literal() {
        assertTrue(new WildcardMatcher("a$b").matches("a$b"));
        assertFalse(new WildcardMatcher("a.b").matches("axb"));
    }

    @Test
    void colon_separates_alternatives_and_empty_matches_nothing() {
        WildcardMatcher m = new WildcardMatcher("x.*:y.Z");
        assertTrue(m.matches("x.A"));
        assertTrue(m.matches("y.Z"));
        assertFalse(m.matches("y.A"));
        assertFalse(new WildcardMatcher("").matches(""));
        assertFalse(new WildcardMatcher("").matches("a"));
    }
}
