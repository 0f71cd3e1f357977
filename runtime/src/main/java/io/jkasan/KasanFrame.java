package io.jkasan;

/**
 * One frame of a report's call trace or allocation stack.
 *
 * <p>Rendered as the kernel's {@code %pS}, adapted to bytecode:
 * {@code com.example.Buffer.put+0x1c/0x80 (Buffer.java:42)}, where {@code 0x1c} is the bytecode index of
 * the call and {@code 0x80} the length of the method's code.
 */
public final class KasanFrame {
    private final String className;
    private final String methodName;
    private final int bytecodeIndex;
    private final int codeLength;
    private final String fileName;
    private final int lineNumber;

    /**
     * @param className fully qualified class name
     * @param methodName method name
     * @param bytecodeIndex index of the instruction, or -1 if unknown
     * @param codeLength length of the method's bytecode, or -1 if unknown
     * @param fileName source file name, or {@code null}
     * @param lineNumber line number, or -1
     */
    public KasanFrame(String className, String methodName, int bytecodeIndex, int codeLength, String fileName,
            int lineNumber) {
        this.className = className;
        this.methodName = methodName;
        this.bytecodeIndex = bytecodeIndex;
        this.codeLength = codeLength;
        this.fileName = fileName;
        this.lineNumber = lineNumber;
    }

    /** @return the fully qualified class name */
    public String className() {
        return className;
    }

    /** @return the method name */
    public String methodName() {
        return methodName;
    }

    /** @return the bytecode index, -1 if unknown */
    public int bytecodeIndex() {
        return bytecodeIndex;
    }

    /** @return the length of the method's code, -1 if unknown */
    public int codeLength() {
        return codeLength;
    }

    /** @return the source file name, or {@code null} */
    public String fileName() {
        return fileName;
    }

    /** @return the line number, -1 if unknown */
    public int lineNumber() {
        return lineNumber;
    }

    /** @return {@code Class.method+0xBCI/0xLEN}, the symbol part of the frame */
    public String symbol() {
        return className + "." + methodName + "+0x" + Integer.toHexString(Math.max(0, bytecodeIndex)) + "/0x"
                + Integer.toHexString(Math.max(0, codeLength));
    }

    /** @return {@code Class.method+0xBCI/0xLEN (File.java:line)} */
    @Override
    public String toString() {
        String where;
        if (fileName == null) {
            where = "Unknown Source";
        } else if (lineNumber >= 0) {
            where = fileName + ":" + lineNumber;
        } else {
            where = fileName;
        }
        return symbol() + " (" + where + ")";
    }
}
