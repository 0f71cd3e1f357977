package io.jkasan.runtime.report.model;

/**
 * An address relative to a region {@code [start, start + size)}: the relation and the distance in bytes,
 * measured from the access address as the kernel's {@code describe_object_addr} does.
 */
public final class RegionPosition {
    private final Relation relation;
    private final long distance;
    private final long start;
    private final long size;

    private RegionPosition(Relation relation, long distance, long start, long size) {
        this.relation = relation;
        this.distance = distance;
        this.start = start;
        this.size = size;
    }

    /**
     * @param address the access address (or offset, for arrays)
     * @param start the region's first address
     * @param size the region's size
     * @return where {@code address} lies
     */
    public static RegionPosition of(long address, long start, long size) {
        long end = start + size;
        if (address < start) {
            return new RegionPosition(Relation.LEFT, start - address, start, size);
        }
        if (address >= end) {
            return new RegionPosition(Relation.RIGHT, address - end, start, size);
        }
        return new RegionPosition(Relation.INSIDE, address - start, start, size);
    }

    /** @return left of, right of or inside the region */
    public Relation relation() {
        return relation;
    }

    /** @return bytes from the region's nearest edge (its start, for {@link Relation#INSIDE}) */
    public long distance() {
        return distance;
    }

    /** @return the region's first address */
    public long start() {
        return start;
    }

    /** @return the region's size in bytes */
    public long size() {
        return size;
    }

    /** @return one past the region's last address */
    public long end() {
        return start + size;
    }
}
