package io.jkasan.runtime.options;

import java.util.ArrayList;
import java.util.List;

/**
 * Class-name globs separated by {@code :}, as the {@code includes}, {@code excludes} and {@code skip_frames}
 * options take them ({@link GlobsType}): {@code *} matches any run of characters, dots included, {@code ?}
 * exactly one, every other character itself; a name matches when one glob matches all of it.
 *
 * <p>Matched by hand rather than through {@code java.util.regex}: compiling a pattern in {@code premain} spins
 * lambda classes of {@code Pattern}'s own (docs/performance.md, section 4), and a glob needs no more than the
 * classic two-pointer match, which returns to the last {@code *} when a literal fails. That is linear for the
 * globs these options hold, each with a star or two, and at worst the product of the two lengths.
 */
public final class ClassGlobs {
    private static final String[] NONE = new String[0];

    private final String[] globs;

    /**
     * @param expression globs separated by {@code :}; empty globs are left out, so an empty expression matches
     *     nothing
     */
    public ClassGlobs(String expression) {
        List<String> kept = new ArrayList<>();
        for (String glob : expression.split(":")) {
            if (!glob.isEmpty()) {
                kept.add(glob);
            }
        }
        this.globs = kept.toArray(NONE);
    }

    /** @return whether no glob was given, so that nothing matches */
    public boolean isEmpty() {
        return globs.length == 0;
    }

    /**
     * @param name a dotted class name
     * @return whether any glob matches the whole name
     */
    public boolean matches(String name) {
        for (String glob : globs) {
            if (matches(glob, name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String glob, String name) {
        int g = 0;
        int n = 0;
        int star = -1;          // the last '*' seen in the glob, or -1
        int resume = 0;         // where in the name that star's run ends so far
        while (n < name.length()) {
            if (g < glob.length()) {
                char c = glob.charAt(g);
                if (c == '*') {
                    star = g++;
                    resume = n;
                    continue;
                }
                if (c == '?' || c == name.charAt(n)) {
                    g++;
                    n++;
                    continue;
                }
            }
            if (star < 0) {
                return false;
            }
            g = star + 1;           // the last star takes one more character; match the rest from there again
            n = ++resume;
        }
        while (g < glob.length() && glob.charAt(g) == '*') {
            g++;
        }
        return g == glob.length();
    }
}
