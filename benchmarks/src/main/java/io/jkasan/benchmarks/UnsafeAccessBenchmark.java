package io.jkasan.benchmarks;

import java.lang.reflect.Field;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import sun.misc.Unsafe;

/**
 * Access patterns of programs that use {@code Unsafe}, written as a user would. The same benchmark runs in
 * JMH forks with and without {@code -javaagent:jkasan-agent.jar} ({@code -jvmArgsAppend}); the ratio of the
 * two is the overhead of the inline check.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class UnsafeAccessBenchmark {
    private static final Unsafe UNSAFE = unsafe();

    @Param({"1048576"})
    public int bytes;

    private long buffer;
    private long counter;

    @Setup(Level.Trial)
    public void setUp() {
        buffer = UNSAFE.allocateMemory(bytes);
        UNSAFE.setMemory(buffer, bytes, (byte) 1);
        counter = UNSAFE.allocateMemory(8);
        UNSAFE.putLong(counter, 0);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        UNSAFE.freeMemory(buffer);
        UNSAFE.freeMemory(counter);
    }

    /** Sequential 8-byte reads over the buffer. */
    @Benchmark
    public long sequentialGetLong() {
        long sum = 0;
        for (long p = buffer, end = buffer + bytes; p < end; p += 8) {
            sum += UNSAFE.getLong(p);
        }
        return sum;
    }

    /** A serialization-buffer mix of int, long and byte accesses. */
    @Benchmark
    public long mixedSerialization() {
        long sum = 0;
        for (long p = buffer, end = buffer + bytes - 16; p < end; p += 13) {
            UNSAFE.putLong(p + 4, UNSAFE.getInt(p));
            sum += UNSAFE.getByte(p + 12);
        }
        return sum;
    }

    /** A 4 KiB bulk copy inside the buffer. */
    @Benchmark
    public void copy4k() {
        UNSAFE.copyMemory(buffer, buffer + 8192, 4096);
    }

    /** Compare-and-swap on an off-heap counter. */
    @Benchmark
    public boolean casCounter() {
        long v = UNSAFE.getLongVolatile(null, counter);
        return UNSAFE.compareAndSwapLong(null, counter, v, v + 1);
    }

    private static Unsafe unsafe() {
        try {
            Field f = Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (Unsafe) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

}
