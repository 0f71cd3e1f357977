package io.jkasan.runtime.report.model;

/** Formats addresses as the kernel's {@code %px}: 16 lowercase hex digits, no {@code 0x}. */
public final class Hex {
    private Hex() {
    }

    /**
     * @param out where to append
     * @param address the address
     */
    public static void address(StringBuilder out, long address) {
        String h = Long.toHexString(address);
        for (int i = h.length(); i < 16; i++) {
            out.append('0');
        }
        out.append(h);
    }

    /**
     * @param address the address
     * @return its 16-digit form
     */
    public static String address(long address) {
        StringBuilder sb = new StringBuilder(16);
        address(sb, address);
        return sb.toString();
    }
}
