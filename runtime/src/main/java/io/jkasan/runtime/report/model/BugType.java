package io.jkasan.runtime.report.model;

/** The bug types of docs/report-format.md, with the kernel's (and ASan's) strings. */
public enum BugType {
    /** Access to vmalloc space no live area covers. */
    VMALLOC_OUT_OF_BOUNDS("vmalloc-out-of-bounds"),
    /** Access inside an area on the lazy-purge list. */
    USE_AFTER_FREE("use-after-free"),
    /** Free of an area already freed. */
    DOUBLE_FREE("double-free"),
    /** Free of an address that is not the start of a live area. */
    INVALID_FREE("invalid-free"),
    /** Absolute access below 4096. */
    NULL_PTR_DEREF("null-ptr-deref"),
    /** Array-based access leaving the array's elements. */
    ARRAY_OUT_OF_BOUNDS("array-out-of-bounds"),
    /** Access into a thread-stack redzone. */
    STACK_OUT_OF_BOUNDS("stack-out-of-bounds"),
    /** Access into a popped thread-stack frame. */
    STACK_USE_AFTER_RETURN("stack-use-after-return"),
    /** Access to memory poisoned through the public API. */
    USE_AFTER_POISON("use-after-poison"),
    /** Strict mode: absolute access to unknown memory. */
    WILD_MEMORY_ACCESS("wild-memory-access"),
    /** A shadow value of 0..7 at the first bad address: only possible through a race. */
    OUT_OF_BOUNDS("out-of-bounds"),
    /** A shadow value jkasan does not know. */
    UNKNOWN_CRASH("unknown-crash");

    private final String text;

    BugType(String text) {
        this.text = text;
    }

    /** @return the string printed after {@code BUG: KASAN:} */
    public String text() {
        return text;
    }
}
