/*
 * A small timing harness for the C ports of jkasan's benchmarks, built once with gcc -O2 and once with
 * gcc -O2 -fsanitize=address (benchmarks/run.sh asan). It prints JMH's CSV shape, so that
 * benchmarks/summarize.py reads these results as it reads JMH's.
 *
 * Each benchmark is an operation on a per-thread state. The harness warms the operation up, then takes
 * SAMPLES samples of SAMPLE_MS milliseconds each and reports the median time per operation (the score)
 * and half the range of the samples (the error column). With two threads, both threads run the same
 * operation on their own state at once, and the score is the mean of their medians: per-thread time per
 * operation, as JMH reports for @Threads(2). Every result of an operation is added to a volatile sink, so
 * the compiler cannot drop the work.
 *
 * Environment: SAMPLES (default 5), SAMPLE_MS (default 300), WARMUP_MS (default 300), ONLY (run only the
 * benchmarks whose name contains it).
 */
#ifndef JKASAN_ASAN_HARNESS_H
#define JKASAN_ASAN_HARNESS_H

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
    const char *name;
    int threads;
    void *(*setup)(unsigned thread);  /* per thread, on that thread */
    uint64_t (*op)(void *state);      /* one operation */
    void (*teardown)(void *state);
} benchmark;

static volatile uint64_t harness_sink;

/* Keeps the compiler from assuming anything about memory across this point (after a memcpy, a store). */
#define CLOBBER_MEMORY() __asm__ volatile("" : : : "memory")

static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t) t.tv_sec * 1000000000u + (uint64_t) t.tv_nsec;
}

static long env_long(const char *name, long fallback) {
    const char *v = getenv(name);
    return v != NULL && *v != '\0' ? strtol(v, NULL, 10) : fallback;
}

/* splitmix64: the deterministic generator every set-up draws from. */
static uint64_t splitmix64(uint64_t *s) {
    uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static void *xmalloc(size_t n) {
    void *p = malloc(n);
    if (p == NULL) {
        fprintf(stderr, "out of memory (%zu bytes)\n", n);
        exit(1);
    }
    return p;
}

static int compare_double(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

typedef struct {
    const benchmark *b;
    unsigned thread;
    pthread_barrier_t *start;
    double median, low, high;
} run;

/* Runs batches of the operation for at least budget_ns; returns ns per operation. */
static double timed(const benchmark *b, void *state, uint64_t batch, uint64_t budget_ns) {
    uint64_t sum = 0, ops = 0, t0 = now_ns(), t;
    do {
        for (uint64_t i = 0; i < batch; i++) {
            sum += b->op(state);
        }
        ops += batch;
        t = now_ns();
    } while (t - t0 < budget_ns);
    harness_sink += sum;
    return (double) (t - t0) / (double) ops;
}

static void *run_thread(void *arg) {
    run *r = arg;
    const benchmark *b = r->b;
    void *state = b->setup(r->thread);
    long samples = env_long("SAMPLES", 5);
    uint64_t sample_ns = (uint64_t) env_long("SAMPLE_MS", 300) * 1000000u;
    uint64_t warmup_ns = (uint64_t) env_long("WARMUP_MS", 300) * 1000000u;
    double *ns = xmalloc(sizeof(double) * (size_t) samples);
    pthread_barrier_wait(r->start);
    /* Warm-up, which also sizes the batch so that a clock read is about every 100 µs. */
    double estimate = timed(b, state, 1, warmup_ns);
    uint64_t batch = estimate >= 100000.0 ? 1 : (uint64_t) (100000.0 / (estimate + 1e-3)) + 1;
    for (long i = 0; i < samples; i++) {
        ns[i] = timed(b, state, batch, sample_ns);
    }
    qsort(ns, (size_t) samples, sizeof(double), compare_double);
    r->median = ns[samples / 2];
    r->low = ns[0];
    r->high = ns[samples - 1];
    free(ns);
    b->teardown(state);
    return NULL;
}

/* Runs each benchmark (the ones ONLY selects) and prints one JMH-style CSV row per benchmark. */
static int run_all(const benchmark *benchmarks, size_t count) {
    const char *only = getenv("ONLY");
    long samples = env_long("SAMPLES", 5);
    printf("\"Benchmark\",\"Mode\",\"Threads\",\"Samples\",\"Score\",\"Score Error (99.9%%)\",\"Unit\"\n");
    for (size_t i = 0; i < count; i++) {
        const benchmark *b = &benchmarks[i];
        if (only != NULL && strstr(b->name, only) == NULL) {
            continue;
        }
        pthread_barrier_t start;
        pthread_barrier_init(&start, NULL, (unsigned) b->threads);
        run runs[2];
        pthread_t tids[2];
        for (int t = 0; t < b->threads; t++) {
            runs[t] = (run) {.b = b, .thread = (unsigned) t, .start = &start};
            if (pthread_create(&tids[t], NULL, run_thread, &runs[t]) != 0) {
                fprintf(stderr, "pthread_create failed\n");
                return 1;
            }
        }
        double score = 0, low = 0, high = 0;
        for (int t = 0; t < b->threads; t++) {
            pthread_join(tids[t], NULL);
            score += runs[t].median / b->threads;
            low += runs[t].low / b->threads;
            high += runs[t].high / b->threads;
        }
        pthread_barrier_destroy(&start);
        printf("\"c.%s\",\"avgt\",%d,%ld,%.3f,%.3f,\"ns/op\"\n", b->name, b->threads, samples, score,
               (high - low) / 2);
        fflush(stdout);
    }
    return 0;
}

#endif
