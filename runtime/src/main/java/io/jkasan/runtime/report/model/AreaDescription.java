package io.jkasan.runtime.report.model;

import io.jkasan.KasanFrame;
import java.util.Optional;

/**
 * An address in or near one vmalloc area: the virtual mapping (guard page included) and the call that
 * created it, where the address lies relative to the requested region, and the allocation and, for a freed
 * area, free tracks (the kernel's {@code print_address_description} for a vmalloc address, with
 * {@code describe_object_addr} and {@code describe_object_stacks}).
 */
public final class AreaDescription implements AddressDescription {
    private final long mappingStart;
    private final long mappingEnd;
    private final Optional<KasanFrame> createdBy;
    private final RegionPosition position;
    private final Track allocated;
    private final Optional<Track> freed;

    /**
     * @param mappingStart the mapping's first address
     * @param mappingEnd one past its last address, guard page included
     * @param createdBy the allocation call site, if known
     * @param position the address relative to the requested region
     * @param allocated who allocated the area
     * @param freed who freed it, for an area waiting on the purge list
     */
    public AreaDescription(long mappingStart, long mappingEnd, Optional<KasanFrame> createdBy,
            RegionPosition position, Track allocated, Optional<Track> freed) {
        this.mappingStart = mappingStart;
        this.mappingEnd = mappingEnd;
        this.createdBy = createdBy;
        this.position = position;
        this.allocated = allocated;
        this.freed = freed;
    }

    /** @return the mapping's first address */
    public long mappingStart() {
        return mappingStart;
    }

    /** @return one past the mapping's last address, guard page included */
    public long mappingEnd() {
        return mappingEnd;
    }

    /** @return the allocation call site, if known */
    public Optional<KasanFrame> createdBy() {
        return createdBy;
    }

    /** @return the address relative to the requested region */
    public RegionPosition position() {
        return position;
    }

    /** @return who allocated the area */
    public Track allocated() {
        return allocated;
    }

    /** @return who freed it; present exactly when the area was freed and waits on the purge list */
    public Optional<Track> freed() {
        return freed;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.area(this);
    }
}
