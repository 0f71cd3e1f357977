package io.jkasan.agent.filter;

import java.util.regex.Pattern;

/**
 * Matches dotted class names against {@code :}-separated glob alternatives, where {@code *} matches any
 * run of characters (dots included) and {@code ?} exactly one, as JaCoCo's {@code includes}/{@code excludes}.
 */
public final class WildcardMatcher {
    private final Pattern pattern;

    /**
     * @param expression alternatives separated by {@code :}; an empty expression matches nothing
     */
    public WildcardMatcher(String expression) {
        StringBuilder regex = new StringBuilder();
        for (String alternative : expression.split(":")) {
            if (alternative.isEmpty()) {
                continue;
            }
            if (regex.length() > 0) {
                regex.append('|');
            }
            regex.append("(?:");
            for (int i = 0; i < alternative.length(); i++) {
                char c = alternative.charAt(i);
                if (c == '*') {
                    regex.append(".*");
                } else if (c == '?') {
                    regex.append('.');
                } else {
                    regex.append(Pattern.quote(String.valueOf(c)));
                }
            }
            regex.append(')');
        }
        // An empty alternation would match the empty string only; "(?!)" matches nothing at all.
        this.pattern = Pattern.compile(regex.length() == 0 ? "(?!)" : regex.toString(), Pattern.DOTALL);
    }

    /**
     * @param name a dotted class name
     * @return whether any alternative matches the whole name
     */
    public boolean matches(String name) {
        return pattern.matcher(name).matches();
    }
}
