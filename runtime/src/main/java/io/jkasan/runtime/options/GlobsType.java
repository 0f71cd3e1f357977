package io.jkasan.runtime.options;

/**
 * Class-name globs separated by {@code :}: dotted class names in which {@code *} matches any run of
 * characters and {@code ?} one character. A slash, an empty glob or any other character cannot match a
 * class name, so the list is refused instead of silently matching nothing.
 */
public final class GlobsType extends ValueType<String> {
    /** At least one glob ({@code includes}: an empty list would rewrite nothing). */
    public static final GlobsType AT_LEAST_ONE = new GlobsType(true);
    /** Any number of globs, none included ({@code excludes}). */
    public static final GlobsType ANY = new GlobsType(false);

    private final boolean atLeastOne;

    private GlobsType(boolean atLeastOne) {
        this.atLeastOne = atLeastOne;
    }

    @Override
    String parse(String text) throws InvalidValueException {
        if (text.isEmpty()) {
            if (atLeastOne) {
                throw refusal();
            }
            return text;
        }
        for (String glob : text.split(":", -1)) {
            if (glob.isEmpty()) {
                throw new InvalidValueException("empty glob between ':'; expected " + expected());
            }
            for (int i = 0; i < glob.length(); i++) {
                char c = glob.charAt(i);
                boolean ok = c == '.' || c == '*' || c == '?'
                        || (Character.isJavaIdentifierPart(c) && !Character.isIdentifierIgnorable(c));
                if (!ok) {
                    throw new InvalidValueException("'" + OptionException.printable(glob)
                            + "' is not a class-name glob; expected " + expected());
                }
            }
        }
        return text;
    }

    @Override
    public String syntax() {
        return "class-name globs, ':'-separated";
    }

    @Override
    public String expected() {
        return (atLeastOne ? "one or more" : "zero or more")
                + " dotted class-name globs (with * and ?) separated by ':'";
    }
}
