package io.jkasan.runtime.report.model;

/** An address nothing jkasan knows owns: the report has no address description. */
public final class UnownedAddress implements AddressDescription {
    /** Where the address lies. */
    public enum Where {
        /** Below 4096: a null pointer plus a small offset. */
        NULL_PAGE("null_page"),
        /** Outside the emulated vmalloc space (strict mode). */
        OUTSIDE_ARENA("outside_arena"),
        /** Inside the emulated vmalloc space, with no area near. */
        VMALLOC("vmalloc_unallocated");

        private final String key;

        Where(String key) {
            this.key = key;
        }

        /** @return the description kind in JSON reports */
        public String key() {
            return key;
        }
    }

    private static final UnownedAddress NULL_PAGE = new UnownedAddress(Where.NULL_PAGE);
    private static final UnownedAddress OUTSIDE_ARENA = new UnownedAddress(Where.OUTSIDE_ARENA);
    private static final UnownedAddress VMALLOC = new UnownedAddress(Where.VMALLOC);

    private final Where where;

    private UnownedAddress(Where where) {
        this.where = where;
    }

    /**
     * @param where where the address lies
     * @return the description
     */
    public static UnownedAddress at(Where where) {
        return where == Where.NULL_PAGE ? NULL_PAGE : where == Where.OUTSIDE_ARENA ? OUTSIDE_ARENA : VMALLOC;
    }

    /** @return where the address lies */
    public Where where() {
        return where;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.unowned(this);
    }
}
