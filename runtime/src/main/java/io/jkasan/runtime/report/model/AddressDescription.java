package io.jkasan.runtime.report.model;

/**
 * What a report says about the buggy address, one type per kind of address (ASan's
 * {@code asan_descriptions.h}: {@code HeapAddressDescription}, {@code StackAddressDescription}, ...):
 * a vmalloc area, a Java array, a thread-stack frame or the stack around it, a stack guard page, or an
 * address nothing owns.
 */
public sealed interface AddressDescription permits AreaDescription, ArrayDescription, StackFrameDescription,
        StackAreaDescription, GuardPageDescription, UnownedAddress {

    /**
     * @param visitor what to do with each kind of description
     * @param <R> what the visitor returns
     * @return the visitor's result for this description
     */
    <R> R accept(Visitor<R> visitor);

    /**
     * One method per kind of description, so that every renderer handles every kind.
     *
     * @param <R> what the visitor returns
     */
    interface Visitor<R> {
        /** @param d an address in or near a vmalloc area @return the result */
        R area(AreaDescription d);

        /** @param d an offset used with an array base @return the result */
        R array(ArrayDescription d);

        /** @param d an address in a frame of a guarded thread stack @return the result */
        R stackFrame(StackFrameDescription d);

        /** @param d an address on a guarded thread stack outside any known frame @return the result */
        R stackArea(StackAreaDescription d);

        /** @param d an address in a thread stack's guard page @return the result */
        R guardPage(GuardPageDescription d);

        /** @param d an address nothing jkasan knows owns @return the result */
        R unowned(UnownedAddress d);
    }
}
