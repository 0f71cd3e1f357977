package io.jkasan.benchmarks;

import static io.jkasan.benchmarks.UnsafeAccessBenchmark.RANDOM_BYTES;
import static io.jkasan.benchmarks.UnsafeAccessBenchmark.RANDOM_READS;
import static io.jkasan.benchmarks.UnsafeAccessBenchmark.RECORD;
import static io.jkasan.benchmarks.UnsafeAccessBenchmark.SEQ_BYTES;
import static io.jkasan.benchmarks.UnsafeAccessBenchmark.SER_BYTES;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The access patterns of {@link UnsafeAccessBenchmark} on direct {@link ByteBuffer}s, the off-heap API most Java
 * code uses: every buffer comes from {@code ByteBuffer.allocateDirect}, which with the agent is an area of the
 * vmalloc space (the JDK allocates it through {@code Unsafe.allocateMemory}, which jkasan intercepts). On JDK 22+
 * a buffer's accesses reach memory through the funnel jkasan checks ({@code ScopedMemoryAccess}); on JDK 17 they
 * are not checked, and the ratios measure only the agent's presence. {@code run.sh buffer} runs it without and
 * with the agent. Buffers are in native order, read into a local first, as user code over a buffer held in a
 * field would.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class BufferAccessBenchmark {
    /** Bytes of one bulk copy; the other sizes are {@link UnsafeAccessBenchmark}'s, so both measure the same loops. */
    static final int COPY_BYTES = 4096;

    private ByteBuffer seq;
    private ByteBuffer random;
    private int[] randomOffsets;
    private ByteBuffer ser;
    private ByteBuffer copySrc;
    private ByteBuffer copyDst;

    private static ByteBuffer direct(int bytes, int fill) {
        ByteBuffer b = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
        for (int i = 0; i < bytes; i++) {
            b.put(i, (byte) fill);
        }
        return b;
    }

    /** What {@link ProgramHistory#replay} read: kept so that the replay is not dead code. */
    public long history;

    /**
     * Replays a program's history ({@link ProgramHistory}), then allocates every buffer on the benchmark thread
     * (thread-scoped state).
     */
    @Setup(Level.Trial)
    public void setUp() {
        history = ProgramHistory.replay();
        SplittableRandom rnd = new SplittableRandom(42);
        seq = direct(SEQ_BYTES, 1);
        random = direct(RANDOM_BYTES, 2);
        randomOffsets = new int[RANDOM_READS];
        for (int i = 0; i < RANDOM_READS; i++) {
            randomOffsets[i] = rnd.nextInt(RANDOM_BYTES / 8) * 8;
        }
        ser = direct(SER_BYTES, 3);
        copySrc = direct(COPY_BYTES, 4);
        copyDst = direct(COPY_BYTES, 0);
    }

    /** Sum of 131072 absolute {@code getLong(index)} over 1 MiB. */
    @Benchmark
    public long sequentialGetLong() {
        ByteBuffer b = seq;
        long sum = 0;
        for (int i = 0, end = b.limit() - 8; i <= end; i += 8) {
            sum += b.getLong(i);
        }
        return sum;
    }

    /** {@link #sequentialGetLong} with relative {@code getLong()} while the buffer has 8 bytes left. */
    @Benchmark
    public long relativeGetLong() {
        ByteBuffer b = seq;
        b.clear();
        long sum = 0;
        while (b.remaining() >= 8) {
            sum += b.getLong();
        }
        return sum;
    }

    /** 4096 {@code getLong(index)} at precomputed random 8-byte-aligned indices in 64 MiB. */
    @Benchmark
    public long randomGetLong() {
        ByteBuffer b = random;
        int[] offs = randomOffsets;
        long sum = 0;
        for (int i = 0; i < offs.length; i++) {
            sum += b.getLong(offs[i]);
        }
        return sum;
    }

    /**
     * Packed 13-byte records {@code [int length][long id][byte flag]} over 64 KiB, as in
     * {@code UnsafeAccessBenchmark.serializationMix}: read the int and write the long unaligned, read the flag;
     * 5041 records per op.
     */
    @Benchmark
    public long serializationMix() {
        ByteBuffer b = ser;
        long sum = 0;
        for (int p = 0, end = SER_BYTES - RECORD; p < end; p += RECORD) {
            int len = b.getInt(p);
            b.putLong(p + 4, len + sum);
            sum += b.get(p + 12);
        }
        return sum;
    }

    /** One absolute bulk {@code put(0, src, 0, 4096)} between two buffers. */
    @Benchmark
    public ByteBuffer copy4k() {
        return copyDst.put(0, copySrc, 0, COPY_BYTES);
    }
}
