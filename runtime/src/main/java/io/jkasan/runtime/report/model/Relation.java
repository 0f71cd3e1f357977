package io.jkasan.runtime.report.model;

/** Where an address lies relative to a region ({@code describe_object_addr} in {@code mm/kasan/report.c}). */
public enum Relation {
    /** Below the region's start. */
    LEFT("to the left of", "left"),
    /** At or past the region's end. */
    RIGHT("to the right of", "right"),
    /** Inside the region. */
    INSIDE("inside of", "inside");

    private final String words;
    private final String key;

    Relation(String words, String key) {
        this.words = words;
        this.key = key;
    }

    /** @return the words of the text report: {@code to the left of}, ... */
    public String words() {
        return words;
    }

    /** @return the JSON value: {@code left}, {@code right} or {@code inside} */
    public String key() {
        return key;
    }
}
