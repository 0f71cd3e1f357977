package io.jkasan.benchmarks.segments;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import io.jkasan.benchmarks.ProgramHistory;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The access patterns of {@code UnsafeAccessBenchmark}, written against the final FFM API (JDK 22+) as a
 * user of {@code java.lang.foreign} would: every buffer is a native {@link MemorySegment} from
 * {@code Arena.ofConfined().allocate(...)}, which with the agent is an area of the vmalloc space (the arena
 * allocates through {@code Unsafe.allocateMemory}, which jkasan intercepts).
 *
 * <p>Compiled at release 22, apart from the rest of the module (benchmarks/pom.xml), so the benchmarks jar
 * still runs the other benchmarks on JDK 17; run it on JDK 22+ only. {@code run.sh segment} runs it without
 * and with the agent. Each loop reads its segment and bound into locals first, as user code over a segment
 * held in a field would.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class SegmentAccessBenchmark {
    /** Sequential segment: 1 MiB. */
    static final int SEQ_BYTES = 1 << 20;
    /** Random-read segment: 64 MiB. */
    static final int RANDOM_BYTES = 64 << 20;
    /** Random 8-byte reads per operation. */
    static final int RANDOM_READS = 4096;
    /** Codec segment: 64 KiB of packed 13-byte records. */
    static final int SER_BYTES = 64 << 10;
    static final int RECORD = 13;
    static final int COPY_BYTES = 4096;

    /** {@code JAVA_LONG}'s var handle, coordinates {@code (MemorySegment, long offset)} (JDK 22+). */
    private static final VarHandle LONG_HANDLE = JAVA_LONG.varHandle();

    private Arena arena;
    private MemorySegment seq;
    private MemorySegment random;
    private long[] randomOffsets;
    private MemorySegment ser;
    private MemorySegment copySrc;
    private MemorySegment copyDst;

    /** What {@link ProgramHistory#replay} read: kept so that the replay is not dead code. */
    public long history;

    /**
     * Replays a program's history ({@link ProgramHistory}), then allocates every segment from one confined arena,
     * on the benchmark thread (thread-scoped state).
     */
    @Setup(Level.Trial)
    public void setUp() {
        history = ProgramHistory.replay();
        SplittableRandom rnd = new SplittableRandom(42);
        arena = Arena.ofConfined();
        seq = arena.allocate(SEQ_BYTES, 8);
        seq.fill((byte) 1);
        random = arena.allocate(RANDOM_BYTES, 8);
        random.fill((byte) 2);
        randomOffsets = new long[RANDOM_READS];
        for (int i = 0; i < RANDOM_READS; i++) {
            randomOffsets[i] = rnd.nextInt(RANDOM_BYTES / 8) * 8L;
        }
        ser = arena.allocate(SER_BYTES, 8);
        ser.fill((byte) 3);
        copySrc = arena.allocate(COPY_BYTES, 8);
        copySrc.fill((byte) 4);
        copyDst = arena.allocate(COPY_BYTES, 8);
    }

    /** Frees every segment. */
    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    /** Sum of 131072 sequential {@code get(JAVA_LONG, offset)} over 1 MiB. */
    @Benchmark
    public long sequentialGetLong() {
        MemorySegment s = seq;
        long sum = 0;
        for (long off = 0, end = s.byteSize(); off < end; off += 8) {
            sum += s.get(JAVA_LONG, off);
        }
        return sum;
    }

    /** 4096 {@code get(JAVA_LONG, offset)} at precomputed random 8-byte-aligned offsets in 64 MiB. */
    @Benchmark
    public long randomGetLong() {
        MemorySegment s = random;
        long[] offs = randomOffsets;
        long sum = 0;
        for (int i = 0; i < offs.length; i++) {
            sum += s.get(JAVA_LONG, offs[i]);
        }
        return sum;
    }

    /**
     * Packed 13-byte records {@code [int length][long id][byte flag]} over 64 KiB, as in
     * {@code UnsafeAccessBenchmark.serializationMix}: read the int and write the long through the unaligned
     * layouts, read the flag; 5041 records per op.
     */
    @Benchmark
    public long serializationMix() {
        MemorySegment s = ser;
        long sum = 0;
        for (long p = 0, end = SER_BYTES - RECORD; p < end; p += RECORD) {
            int len = s.get(JAVA_INT_UNALIGNED, p);
            s.set(JAVA_LONG_UNALIGNED, p + 4, len + sum);
            sum += s.get(JAVA_BYTE, p + 12);
        }
        return sum;
    }

    /** {@link #sequentialGetLong} through {@code JAVA_LONG.varHandle()}: {@code (long) VH.get(segment, offset)}. */
    @Benchmark
    public long varHandleSequentialGetLong() {
        MemorySegment s = seq;
        long sum = 0;
        for (long off = 0, end = s.byteSize(); off < end; off += 8) {
            sum += (long) LONG_HANDLE.get(s, off);
        }
        return sum;
    }

    /** One {@code MemorySegment.copy} of 4 KiB between two segments. */
    @Benchmark
    public MemorySegment copy4k() {
        MemorySegment.copy(copySrc, 0, copyDst, 0, COPY_BYTES);
        return copyDst;
    }
}
