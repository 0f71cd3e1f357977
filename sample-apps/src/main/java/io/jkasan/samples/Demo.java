package io.jkasan.samples;

/**
 * Launches one scenario: {@code Demo <scenario> [bug|ok]} (default {@code bug}) and prints its result.
 *
 * <p>Run it without the agent only on the twins ({@code ok}): the buggy variants corrupt or read memory outside
 * their allocations, and {@code null-read bug} crashes an unchecked JVM. On JDK 24+ pass
 * {@code --sun-misc-unsafe-memory-access=allow} to silence the JDK's own warning when running without the
 * agent; {@code internal-unsafe} needs {@code --add-exports java.base/jdk.internal.misc=ALL-UNNAMED}. The
 * {@code segment-*} scenarios need JDK 22+, and {@code --enable-native-access=ALL-UNNAMED} to keep the JDK
 * quiet about {@code MemorySegment.reinterpret}.
 */
public final class Demo {
    /** The scenario names, in the order {@code Demo} lists them. */
    static final String[] NAMES = {"oob-write", "oob-read-crossing", "left-underflow", "page-tail",
        "uaf-other-thread", "double-free", "invalid-free", "copy-overflow", "set-overflow", "realloc-shrink",
        "null-read", "array-oob", "internal-unsafe", "ring-buffer", "long-array", "two-bugs", "stack-redzone",
        "stack-use-after-return", "stack-guard", "stack-guard-access", "stack-recursion", "stack-reuse",
        "stack-parser", "leaky-cache", "exit-zero", "exit-three", "bug-in-shutdown-hook", "direct-overflow",
        "direct-use-after-free", "direct-churn", "free-by-reflection", "free-by-method-handle",
        "alloc-by-method-handle", "jdk-io", "facade-overflow", "direct-api-after-free", "record-decoder",
        "record-encoder", "loop-checksum", "loop-fill", "probe-after-free", "large-overflow",
        "large-use-after-free",
        "segment-reinterpret-overflow", "segment-after-close", "segment-ofaddress-overflow", "segment-copy-overflow",
        "segment-fill-overflow", "segment-varhandle-overflow", "segment-layout-path-overflow",
        "segment-array-element-overflow", "segment-index-overflow", "segment-string-overflow",
        "segment-mismatch-overflow", "segment-ring-buffer", "segment-auto-arena-after-free", "segment-loop-overflow",
        "segment-loop-after-free", "segment-handle-loop-overflow",
        "segment-copy-loop-overflow", "segment-record-loop-overflow", "buffer-loop-overflow",
        "buffer-loop-after-free", "segment-arenas",
        "segment-mapped-file"};

    private Demo() {
        // no instances
    }

    /**
     * @param args scenario name, then {@code bug} or {@code ok}
     * @throws Throwable whatever the scenario throws
     */
    public static void main(final String[] args) throws Throwable {
        if (args.length < 1 || args.length > 2 || args.length == 2 && !"bug".equals(args[1])
                && !"ok".equals(args[1])) {
            System.err.println("usage: Demo <scenario> [bug|ok]; scenarios: " + String.join(" ", NAMES));
            System.exit(2);
            return;
        }
        final boolean bug = args.length < 2 || "bug".equals(args[1]);
        final Scenario scenario = scenario(args[0]);
        if (scenario == null) {
            System.err.println("unknown scenario '" + args[0] + "'; scenarios: " + String.join(" ", NAMES));
            System.exit(2);
            return;
        }
        System.out.println(scenario.run(bug));
    }

    private static Scenario scenario(final String name) throws ReflectiveOperationException {
        switch (name) {
            case "oob-write": return new OobWrite();
            case "oob-read-crossing": return new OobReadCrossing();
            case "left-underflow": return new LeftUnderflow();
            case "page-tail": return new PageTail();
            case "uaf-other-thread": return new UseAfterFreeOtherThread();
            case "double-free": return new DoubleFree();
            case "invalid-free": return new InvalidFree();
            case "copy-overflow": return new CopyOverflow();
            case "set-overflow": return new SetOverflow();
            case "realloc-shrink": return new ReallocShrink();
            case "null-read": return new NullRead();
            case "array-oob": return new ArrayOob();
            case "internal-unsafe":
                // Compiled on its own with --add-exports (see pom.xml), so it is only linked by name here.
                return (Scenario) Class.forName("io.jkasan.samples.InternalUnsafeOobWrite")
                        .getDeclaredConstructor().newInstance();
            case "ring-buffer": return new RingBufferScenario();
            case "long-array": return new LongArrayScenario();
            case "two-bugs": return new TwoBugs();
            case "leaky-cache": return new LeakyCache();
            case "exit-zero": return new ExitAfterBug(0);
            case "exit-three": return new ExitAfterBug(3);
            case "bug-in-shutdown-hook": return new BugInShutdownHook();
            case "direct-overflow": return new DirectBufferOverflow();
            case "direct-use-after-free": return new DirectBufferUseAfterFree();
            case "direct-churn": return new DirectBufferChurn();
            case "free-by-reflection": return new FreeThroughReflection(false);
            case "free-by-method-handle": return new FreeThroughReflection(true);
            case "alloc-by-method-handle": return new AllocateThroughMethodHandle();
            case "jdk-io": return new JdkIoChurn();
            case "facade-overflow": return new FacadeOverflow();
            case "direct-api-after-free": return new DirectBufferApiAfterFree();
            case "record-decoder": return new RecordDecoder();
            case "record-encoder": return new RecordEncoder();
            case "loop-checksum": return new WordChecksum();
            case "loop-fill": return new WordFill();
            case "probe-after-free": return new ProbeAfterFree();
            case "large-overflow": return new LargeOverflow();
            case "large-use-after-free": return new LargeUseAfterFree();
            // The stack-* scenarios use io.jkasan.ThreadStack, which only the agent provides (on the boot class
            // path): they are linked by name, so the other scenarios still run without the agent.
            case "stack-redzone": return byName("StackRedzone");
            case "stack-use-after-return": return byName("StackUseAfterReturn");
            case "stack-guard": return byName("StackGuard");
            case "stack-guard-access": return byName("StackGuardAccess");
            case "stack-recursion": return byName("StackRecursion");
            case "stack-reuse": return byName("StackReuse");
            case "stack-parser": return byName("StackParserScenario");
            // The segment-* scenarios use the final FFM API: compiled for Java 22 (see pom.xml), so they are
            // linked by name, and only on a JDK that can load them.
            case "segment-reinterpret-overflow": return onJdk22("segments.SegmentReinterpretOverflow");
            case "segment-after-close": return onJdk22("segments.SegmentAfterClose");
            case "segment-ofaddress-overflow": return onJdk22("segments.SegmentOfAddressOverflow");
            case "segment-copy-overflow": return onJdk22("segments.SegmentCopyOverflow");
            case "segment-fill-overflow": return onJdk22("segments.SegmentFillOverflow");
            case "segment-varhandle-overflow": return onJdk22("segments.SegmentVarHandleOverflow");
            case "segment-layout-path-overflow": return onJdk22("segments.SegmentLayoutPathOverflow");
            case "segment-array-element-overflow": return onJdk22("segments.SegmentArrayElementOverflow");
            case "segment-index-overflow": return onJdk22("segments.SegmentIndexOverflow");
            case "segment-string-overflow": return onJdk22("segments.SegmentStringOverflow");
            case "segment-mismatch-overflow": return onJdk22("segments.SegmentMismatchOverflow");
            case "segment-ring-buffer": return onJdk22("segments.SegmentRingBufferScenario");
            case "segment-auto-arena-after-free": return onJdk22("segments.SegmentAutoArenaAfterFree");
            case "segment-loop-overflow": return onJdk22("segments.SegmentLoopOverflow");
            case "segment-loop-after-free": return onJdk22("segments.SegmentLoopAfterFree");
            case "segment-handle-loop-overflow": return onJdk22("segments.SegmentHandleLoopOverflow");
            case "segment-copy-loop-overflow": return onJdk22("segments.SegmentCopyLoopOverflow");
            case "segment-record-loop-overflow": return onJdk22("segments.SegmentRecordLoopOverflow");
            case "buffer-loop-overflow": return onJdk22("segments.BufferLoopOverflow");
            case "buffer-loop-after-free": return onJdk22("segments.BufferLoopAfterFree");
            case "segment-arenas": return onJdk22("segments.SegmentArenas");
            case "segment-mapped-file": return onJdk22("segments.SegmentMappedFile");
            default: return null;
        }
    }

    private static Scenario onJdk22(final String name) throws ReflectiveOperationException {
        if (Runtime.version().feature() < 22) {
            System.err.println("scenario needs JDK 22+ (java.lang.foreign): " + name);
            System.exit(2);
        }
        return byName(name);
    }

    private static Scenario byName(final String simpleName) throws ReflectiveOperationException {
        return (Scenario) Class.forName("io.jkasan.samples." + simpleName).getDeclaredConstructor().newInstance();
    }
}
