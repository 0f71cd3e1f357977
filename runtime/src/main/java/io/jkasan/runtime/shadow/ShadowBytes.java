package io.jkasan.runtime.shadow;

/**
 * Logical shadow byte values: the kernel's generic-KASAN encoding (current profile, {@code mm/kasan/kasan.h})
 * plus the ASan values jkasan needs for its own bug types.
 *
 * <p>{@code 0} means all 8 bytes of the granule are accessible, {@code 1..7} that the first N are, and any
 * negative value (0x80..0xFF as {@code s8}) that none is; the value says why.
 */
public final class ShadowBytes {
    /** Granule size: one shadow byte per 8 bytes ({@code KASAN_GRANULE_SIZE}). */
    public static final int GRANULE = 8;
    /** Mask of the offset inside a granule ({@code KASAN_GRANULE_MASK}). */
    public static final int GRANULE_MASK = 7;
    /** log2 of {@link #GRANULE} ({@code KASAN_SHADOW_SCALE_SHIFT}). */
    public static final int SCALE_SHIFT = 3;

    /** All 8 bytes accessible. */
    public static final byte ACCESSIBLE = 0;
    /** Freed area waiting on the lazy-purge list ({@code KASAN_PAGE_FREE}, 0xFF): use-after-free. */
    public static final byte VMALLOC_FREED = (byte) 0xFF;
    /** Unallocated vmalloc space, page tail, guard page ({@code KASAN_VMALLOC_INVALID}, 0xF8). */
    public static final byte VMALLOC_INVALID = (byte) 0xF8;
    /** User-poisoned memory (ASan {@code kAsanUserPoisonedMemoryMagic}, 0xF7): use-after-poison. */
    public static final byte USER_POISONED = (byte) 0xF7;
    /** Popped thread-stack frame (ASan {@code kAsanStackAfterReturnMagic}, 0xF5): stack-use-after-return. */
    public static final byte STACK_AFTER_RETURN = (byte) 0xF5;
    /** Partial stack redzone ({@code KASAN_STACK_PARTIAL}, 0xF4). */
    public static final byte STACK_PARTIAL = (byte) 0xF4;
    /** Right stack redzone ({@code KASAN_STACK_RIGHT}, 0xF3). */
    public static final byte STACK_RIGHT = (byte) 0xF3;
    /** Redzone between stack objects ({@code KASAN_STACK_MID}, 0xF2). */
    public static final byte STACK_MID = (byte) 0xF2;
    /** Left stack redzone ({@code KASAN_STACK_LEFT}, 0xF1). */
    public static final byte STACK_LEFT = (byte) 0xF1;

    /**
     * Shadow is stored XOR this value (docs/design.md, "Address space and shadow"): a never-populated or released shadow page, which
     * the OS gives back as zeros, then reads as {@link #VMALLOC_INVALID} with no work.
     */
    public static final byte STORAGE_XOR = VMALLOC_INVALID;
    /** How an accessible granule ({@code 0}) is stored. */
    public static final byte STORED_ACCESSIBLE = (byte) (ACCESSIBLE ^ STORAGE_XOR);
    /** Eight stored accessible granules as one little-endian word. */
    public static final long STORED_ACCESSIBLE_WORD = 0xF8F8F8F8F8F8F8F8L;

    private ShadowBytes() {
    }
}
