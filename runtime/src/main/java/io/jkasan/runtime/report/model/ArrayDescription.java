package io.jkasan.runtime.report.model;

/**
 * An offset used with a Java array as the {@code Unsafe} base: the array's type and length, and the
 * offset relative to the array's elements, as offsets from the array object.
 */
public final class ArrayDescription implements AddressDescription {
    private final String arrayType;
    private final RegionPosition position;

    /**
     * @param arrayType the component type and length, e.g. {@code int[4]}
     * @param position the offset relative to the elements {@code [base offset, base offset + bytes)}
     */
    public ArrayDescription(String arrayType, RegionPosition position) {
        this.arrayType = arrayType;
        this.position = position;
    }

    /** @return the component type and length, e.g. {@code int[4]} */
    public String arrayType() {
        return arrayType;
    }

    /** @return the offset relative to the elements */
    public RegionPosition position() {
        return position;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.array(this);
    }
}
