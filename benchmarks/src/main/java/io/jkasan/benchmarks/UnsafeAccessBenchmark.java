package io.jkasan.benchmarks;

import java.util.Arrays;
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
import sun.misc.Unsafe;

/**
 * Access patterns of programs that use {@code sun.misc.Unsafe}, written as a user would. {@code run.sh} runs
 * this class in JMH forks without and with {@code -javaagent:jkasan-agent.jar}; the ratio of the two is the
 * overhead of the inline shadow check (docs/performance.md).
 *
 * <p>Every off-heap buffer is allocated with {@code allocateMemory}, so with the agent it lives in the emulated
 * vmalloc space and every access is checked against its shadow. The {@code byteArray*} and {@code longArray*}
 * patterns run the same loops over a {@code byte[]} and a {@code long[]} with offsets relative to
 * {@code ARRAY_BYTE_BASE_OFFSET} / {@code ARRAY_LONG_BASE_OFFSET}, as Agrona's {@code UnsafeBuffer} does over a
 * byte array: with the agent each access is checked against the array's length instead of the shadow.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class UnsafeAccessBenchmark {
    private static final Unsafe U = Unsafes.UNSAFE;

    /** Sequential buffer: 1 MiB. */
    static final int SEQ_BYTES = 1 << 20;
    /** Random-read buffer: 64 MiB (larger than the last-level cache; its shadow is 8 MiB). */
    static final int RANDOM_BYTES = 64 << 20;
    /** Random 8-byte reads per operation. */
    static final int RANDOM_READS = 4096;
    /** Serialization buffer: 64 KiB of packed 13-byte records. */
    static final int SER_BYTES = 64 << 10;
    static final int RECORD = 13;
    /** Hash map: 2^16 slots of 16 bytes (1 MiB), half full. */
    static final int MAP_SLOTS = 1 << 16;
    static final int MAP_KEYS = MAP_SLOTS / 2;
    static final int LOOKUPS = 1024;
    /** {@code Unsafe.ARRAY_BYTE_BASE_OFFSET}, read once, as array-backed buffers keep it. */
    static final long BYTE_BASE = Unsafe.ARRAY_BYTE_BASE_OFFSET;
    /** {@code Unsafe.ARRAY_LONG_BASE_OFFSET}. */
    static final long LONG_BASE = Unsafe.ARRAY_LONG_BASE_OFFSET;

    private long seq;
    private long random;
    private int[] randomOffsets;
    private long ser;
    private long copySrc;
    private long copyDst;
    private long counter;
    private OffHeapLongMap map;
    private long[] lookupKeys;
    private byte[] seqBytes;
    private long[] seqLongs;
    private byte[] serBytes;
    private long[] serLongs;
    /** What {@link ProgramHistory#replay} read: kept so that the replay is not dead code. */
    public long history;

    /** Replays a program's history ({@link ProgramHistory}), then allocates and fills every buffer. */
    @Setup(Level.Trial)
    public void setUp() {
        history = ProgramHistory.replay();
        SplittableRandom rnd = new SplittableRandom(42);
        seq = U.allocateMemory(SEQ_BYTES);
        U.setMemory(seq, SEQ_BYTES, (byte) 1);

        random = U.allocateMemory(RANDOM_BYTES);
        U.setMemory(random, RANDOM_BYTES, (byte) 2);
        randomOffsets = new int[RANDOM_READS];
        for (int i = 0; i < RANDOM_READS; i++) {
            randomOffsets[i] = rnd.nextInt(RANDOM_BYTES / 8) * 8;
        }

        ser = U.allocateMemory(SER_BYTES);
        U.setMemory(ser, SER_BYTES, (byte) 3);

        copySrc = U.allocateMemory(4096);
        copyDst = U.allocateMemory(4096);
        U.setMemory(copySrc, 4096, (byte) 4);

        seqBytes = new byte[SEQ_BYTES];
        Arrays.fill(seqBytes, (byte) 1);
        seqLongs = new long[SEQ_BYTES / 8];
        Arrays.fill(seqLongs, 0x0101010101010101L);
        serBytes = new byte[SER_BYTES];
        Arrays.fill(serBytes, (byte) 3);
        serLongs = new long[SER_BYTES / 8];
        Arrays.fill(serLongs, 0x0303030303030303L);

        counter = U.allocateMemory(8);
        U.putLong(counter, 0);

        map = new OffHeapLongMap(MAP_SLOTS);
        long[] keys = new long[MAP_KEYS];
        for (int i = 0; i < MAP_KEYS; i++) {
            keys[i] = rnd.nextLong() | 1;                  // 0 marks an empty slot
            map.put(keys[i], i);
        }
        lookupKeys = new long[LOOKUPS];
        for (int i = 0; i < LOOKUPS; i++) {
            // 3 hits for every miss
            lookupKeys[i] = (i & 3) == 3 ? (rnd.nextLong() | 1) : keys[rnd.nextInt(MAP_KEYS)];
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        U.freeMemory(seq);
        U.freeMemory(random);
        U.freeMemory(ser);
        U.freeMemory(copySrc);
        U.freeMemory(copyDst);
        U.freeMemory(counter);
        map.free();
    }

    /** Sequential 8-byte reads over 1 MiB (131072 loads per op). */
    @Benchmark
    public long sequentialGetLong() {
        long sum = 0;
        for (long p = seq, end = seq + SEQ_BYTES; p < end; p += 8) {
            sum += U.getLong(p);
        }
        return sum;
    }

    /** Sequential 8-byte writes over 1 MiB (131072 stores per op). */
    @Benchmark
    public long sequentialPutLong() {
        long v = 0;
        for (long p = seq, end = seq + SEQ_BYTES; p < end; p += 8) {
            U.putLong(p, v++);
        }
        return v;
    }

    /** {@link #sequentialGetLong} over a 1 MiB {@code byte[]}: {@code getLong(array, BYTE_BASE + i)}. */
    @Benchmark
    public long byteArraySequentialGetLong() {
        byte[] a = seqBytes;
        long sum = 0;
        for (long p = BYTE_BASE, end = BYTE_BASE + a.length; p < end; p += 8) {
            sum += U.getLong(a, p);
        }
        return sum;
    }

    /** {@link #sequentialPutLong} over a 1 MiB {@code byte[]}. */
    @Benchmark
    public long byteArraySequentialPutLong() {
        byte[] a = seqBytes;
        long v = 0;
        for (long p = BYTE_BASE, end = BYTE_BASE + a.length; p < end; p += 8) {
            U.putLong(a, p, v++);
        }
        return v;
    }

    /** {@link #sequentialGetLong} over a {@code long[]} of 1 MiB: {@code getLong(array, LONG_BASE + 8 * i)}. */
    @Benchmark
    public long longArraySequentialGetLong() {
        long[] a = seqLongs;
        long sum = 0;
        for (long p = LONG_BASE, end = LONG_BASE + 8L * a.length; p < end; p += 8) {
            sum += U.getLong(a, p);
        }
        return sum;
    }

    /** {@link #sequentialPutLong} over a {@code long[]} of 1 MiB. */
    @Benchmark
    public long longArraySequentialPutLong() {
        long[] a = seqLongs;
        long v = 0;
        for (long p = LONG_BASE, end = LONG_BASE + 8L * a.length; p < end; p += 8) {
            U.putLong(a, p, v++);
        }
        return v;
    }

    /** 4096 random 8-byte reads over 64 MiB at precomputed offsets. */
    @Benchmark
    public long randomGetLong() {
        long base = random;
        int[] offs = randomOffsets;
        long sum = 0;
        for (int i = 0; i < offs.length; i++) {
            sum += U.getLong(base + offs[i]);
        }
        return sum;
    }

    /**
     * A serialization buffer of packed 13-byte records {@code [int length][long id][byte flag]}: read the
     * header int, write the long, read the flag byte; 5041 records (15123 accesses) per op. Records are
     * packed, so most longs are not 8-byte aligned, as in real wire formats.
     */
    @Benchmark
    public long serializationMix() {
        long sum = 0;
        for (long p = ser, end = ser + SER_BYTES - RECORD; p < end; p += RECORD) {
            int len = U.getInt(p);
            U.putLong(p + 4, len + sum);
            sum += U.getByte(p + 12);
        }
        return sum;
    }

    /**
     * {@link #serializationMix} over a 64 KiB {@code byte[]}, each record at {@code BYTE_BASE + position},
     * as an array-backed buffer encodes.
     */
    @Benchmark
    public long byteArraySerializationMix() {
        byte[] a = serBytes;
        long sum = 0;
        for (long p = BYTE_BASE, end = BYTE_BASE + SER_BYTES - RECORD; p < end; p += RECORD) {
            int len = U.getInt(a, p);
            U.putLong(a, p + 4, len + sum);
            sum += U.getByte(a, p + 12);
        }
        return sum;
    }

    /**
     * {@link #serializationMix} over a {@code long[]} of 64 KiB viewed as bytes: the records start at
     * {@code LONG_BASE + position}, so most fields straddle two elements.
     */
    @Benchmark
    public long longArraySerializationMix() {
        long[] a = serLongs;
        long sum = 0;
        for (long p = LONG_BASE, end = LONG_BASE + SER_BYTES - RECORD; p < end; p += RECORD) {
            int len = U.getInt(a, p);
            U.putLong(a, p + 4, len + sum);
            sum += U.getByte(a, p + 12);
        }
        return sum;
    }

    /** A 4 KiB copyMemory between two off-heap buffers. */
    @Benchmark
    public long copy4k() {
        U.copyMemory(copySrc, copyDst, 4096);
        return copyDst;
    }

    /** Increment of an off-heap counter with compareAndSwapLong (uncontended). */
    @Benchmark
    public boolean casCounter() {
        long v = U.getLongVolatile(null, counter);
        return U.compareAndSwapLong(null, counter, v, v + 1);
    }

    /** 1024 lookups (3/4 hits) in an off-heap open-addressing long-to-long hash map of 1 MiB. */
    @Benchmark
    public long hashMapLookup() {
        long sum = 0;
        OffHeapLongMap m = map;
        long[] keys = lookupKeys;
        for (int i = 0; i < keys.length; i++) {
            sum += m.get(keys[i]);
        }
        return sum;
    }

    /** An off-heap open-addressing (linear probing) map from non-zero long keys to long values. */
    static final class OffHeapLongMap {
        private final long table;
        private final int mask;

        OffHeapLongMap(int slots) {
            table = U.allocateMemory((long) slots * 16);
            U.setMemory(table, (long) slots * 16, (byte) 0);
            mask = slots - 1;
        }

        private static int hash(long key) {
            long h = key * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32));
        }

        void put(long key, long value) {
            int i = hash(key) & mask;
            while (true) {
                long slot = table + ((long) i << 4);
                long k = U.getLong(slot);
                if (k == 0 || k == key) {
                    U.putLong(slot, key);
                    U.putLong(slot + 8, value);
                    return;
                }
                i = (i + 1) & mask;
            }
        }

        long get(long key) {
            int i = hash(key) & mask;
            while (true) {
                long slot = table + ((long) i << 4);
                long k = U.getLong(slot);
                if (k == key) {
                    return U.getLong(slot + 8);
                }
                if (k == 0) {
                    return -1;
                }
                i = (i + 1) & mask;
            }
        }

        void free() {
            U.freeMemory(table);
        }
    }
}
