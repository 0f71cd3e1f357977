package io.jkasan.it;

import java.util.List;

/** The sample scenarios and what their buggy variant must report (SPEC §3). */
enum Scenarios {
    OOB_WRITE("oob-write", "vmalloc-out-of-bounds", "Write", 1, "OobWrite.java"),
    OOB_READ_CROSSING("oob-read-crossing", "vmalloc-out-of-bounds", "Read", 8, "OobReadCrossing.java"),
    LEFT_UNDERFLOW("left-underflow", "vmalloc-out-of-bounds", "Read", 1, "LeftUnderflow.java"),
    PAGE_TAIL("page-tail", "vmalloc-out-of-bounds", "Read", 1, "PageTail.java"),
    UAF_OTHER_THREAD("uaf-other-thread", "use-after-free", "Read", 8, "UseAfterFreeOtherThread.java"),
    DOUBLE_FREE("double-free", "double-free", "Free", -1, "DoubleFree.java"),
    INVALID_FREE("invalid-free", "invalid-free", "Free", -1, "InvalidFree.java"),
    COPY_OVERFLOW("copy-overflow", "vmalloc-out-of-bounds", "Read", 65, "CopyOverflow.java"),
    SET_OVERFLOW("set-overflow", "vmalloc-out-of-bounds", "Write", 33, "SetOverflow.java"),
    REALLOC_SHRINK("realloc-shrink", "vmalloc-out-of-bounds", "Write", 8, "ReallocShrink.java"),
    NULL_READ("null-read", "null-ptr-deref", "Read", 8, "NullRead.java"),
    ARRAY_OOB("array-oob", "array-out-of-bounds", "Read", 4, "ArrayOob.java"),
    INTERNAL_UNSAFE("internal-unsafe", "vmalloc-out-of-bounds", "Write", 8, "InternalUnsafeOobWrite.java"),
    RING_BUFFER("ring-buffer", "vmalloc-out-of-bounds", "Write", 8, "OffHeapRingBuffer.java"),
    LONG_ARRAY("long-array", "vmalloc-out-of-bounds", "Write", 8, "LongArrayScenario.java"),
    TWO_BUGS("two-bugs", "vmalloc-out-of-bounds", "Read", 1, "TwoBugs.java"),
    RECORD_DECODER("record-decoder", "vmalloc-out-of-bounds", "Read", 1, "RecordDecoder.java"),
    RECORD_ENCODER("record-encoder", "vmalloc-out-of-bounds", "Write", 8, "RecordEncoder.java"),
    LOOP_CHECKSUM("loop-checksum", "vmalloc-out-of-bounds", "Read", 8, "WordChecksum.java"),
    LOOP_FILL("loop-fill", "vmalloc-out-of-bounds", "Write", 8, "WordFill.java"),
    PROBE_AFTER_FREE("probe-after-free", "use-after-free", "Read", 8, "ProbeAfterFree.java"),
    LARGE_OVERFLOW("large-overflow", "vmalloc-out-of-bounds", "Write", 1, "LargeOverflow.java"),
    LARGE_USE_AFTER_FREE("large-use-after-free", "use-after-free", "Read", 8, "LargeUseAfterFree.java");

    /** The {@code Demo} argument. */
    final String id;
    /** Expected {@code <bug-type>}. */
    final String bugType;
    /** {@code Read}, {@code Write} or {@code Free}. */
    final String access;
    /** Expected access size, -1 for frees. */
    final long size;
    /** Sample sources holding the {@code // CHECK:} lines. */
    final List<String> sources;

    Scenarios(final String id, final String bugType, final String access, final long size,
            final String... sources) {
        this.id = id;
        this.bugType = bugType;
        this.access = access;
        this.size = size;
        this.sources = List.of(sources);
    }

    /** @return whether the report describes a vmalloc area (and so has a shadow dump with a caret) */
    boolean describesArea() {
        return this != NULL_READ && this != ARRAY_OOB;
    }

    @Override
    public String toString() {
        return id;
    }
}
