/*
 * C ports of the access loops of UnsafeAccessBenchmark (benchmarks/src/main/java/io/jkasan/benchmarks),
 * one function per benchmark of the same name, over malloc'd buffers as the Java side's allocateMemory
 * buffers. Built with and without -fsanitize=address, the ratio is what AddressSanitizer's inline checks
 * cost on the same loops (docs/performance.md).
 */
#include "harness.h"

#define SEQ_BYTES (1u << 20)
#define RANDOM_BYTES (64u << 20)
#define RANDOM_READS 4096
#define SER_BYTES (64u << 10)
#define RECORD 13
#define COPY_BYTES 4096
#define MAP_SLOTS (1u << 16)
#define MAP_KEYS (MAP_SLOTS / 2)
#define LOOKUPS 1024

typedef struct {
    unsigned char *seq;
    unsigned char *random;
    uint32_t *random_offsets;
    unsigned char *ser;
    unsigned char *copy_src;
    unsigned char *copy_dst;
    int64_t *counter;
    unsigned char *table;  /* MAP_SLOTS slots of [int64 key][int64 value]; key 0 = empty */
    int64_t *lookup_keys;
} state;

/* Unaligned 1-, 4- and 8-byte loads and stores, as Unsafe's getInt/putLong at any address. */
static int32_t load32(const unsigned char *p) {
    int32_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

static int64_t load64(const unsigned char *p) {
    int64_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

static void store64(unsigned char *p, int64_t v) {
    memcpy(p, &v, sizeof v);
}

static uint32_t hash(int64_t key) {
    uint64_t h = (uint64_t) key * 0x9E3779B97F4A7C15ULL;
    return (uint32_t) (h ^ (h >> 32));
}

static void map_put(unsigned char *table, int64_t key, int64_t value) {
    uint32_t i = hash(key) & (MAP_SLOTS - 1);
    for (;;) {
        unsigned char *slot = table + ((size_t) i << 4);
        int64_t k = load64(slot);
        if (k == 0 || k == key) {
            store64(slot, key);
            store64(slot + 8, value);
            return;
        }
        i = (i + 1) & (MAP_SLOTS - 1);
    }
}

static int64_t map_get(const unsigned char *table, int64_t key) {
    uint32_t i = hash(key) & (MAP_SLOTS - 1);
    for (;;) {
        const unsigned char *slot = table + ((size_t) i << 4);
        int64_t k = load64(slot);
        if (k == key) {
            return load64(slot + 8);
        }
        if (k == 0) {
            return -1;
        }
        i = (i + 1) & (MAP_SLOTS - 1);
    }
}

static void *setup(unsigned thread) {
    uint64_t rnd = 42 + thread;
    state *s = xmalloc(sizeof *s);
    s->seq = xmalloc(SEQ_BYTES);
    memset(s->seq, 1, SEQ_BYTES);
    s->random = xmalloc(RANDOM_BYTES);
    memset(s->random, 2, RANDOM_BYTES);
    s->random_offsets = xmalloc(sizeof(uint32_t) * RANDOM_READS);
    for (int i = 0; i < RANDOM_READS; i++) {
        s->random_offsets[i] = (uint32_t) (splitmix64(&rnd) % (RANDOM_BYTES / 8)) * 8;
    }
    s->ser = xmalloc(SER_BYTES);
    memset(s->ser, 3, SER_BYTES);
    s->copy_src = xmalloc(COPY_BYTES);
    s->copy_dst = xmalloc(COPY_BYTES);
    memset(s->copy_src, 4, COPY_BYTES);
    s->counter = xmalloc(sizeof(int64_t));
    *s->counter = 0;
    s->table = xmalloc((size_t) MAP_SLOTS * 16);
    memset(s->table, 0, (size_t) MAP_SLOTS * 16);
    int64_t *keys = xmalloc(sizeof(int64_t) * MAP_KEYS);
    for (unsigned i = 0; i < MAP_KEYS; i++) {
        keys[i] = (int64_t) (splitmix64(&rnd) | 1);  /* 0 marks an empty slot */
        map_put(s->table, keys[i], (int64_t) i);
    }
    s->lookup_keys = xmalloc(sizeof(int64_t) * LOOKUPS);
    for (int i = 0; i < LOOKUPS; i++) {
        /* 3 hits for every miss */
        s->lookup_keys[i] = (i & 3) == 3 ? (int64_t) (splitmix64(&rnd) | 1) : keys[splitmix64(&rnd) % MAP_KEYS];
    }
    free(keys);
    return s;
}

static void teardown(void *p) {
    state *s = p;
    free(s->seq);
    free(s->random);
    free(s->random_offsets);
    free(s->ser);
    free(s->copy_src);
    free(s->copy_dst);
    free(s->counter);
    free(s->table);
    free(s->lookup_keys);
    free(s);
}

/* Sum of 131072 sequential 8-byte loads over 1 MiB. */
static uint64_t sequentialGetLong(void *p) {
    const state *s = p;
    int64_t sum = 0;
    for (const unsigned char *q = s->seq, *end = s->seq + SEQ_BYTES; q < end; q += 8) {
        sum += load64(q);
    }
    return (uint64_t) sum;
}

/* 131072 sequential 8-byte stores over 1 MiB. */
static uint64_t sequentialPutLong(void *p) {
    const state *s = p;
    int64_t v = 0;
    for (unsigned char *q = s->seq, *end = s->seq + SEQ_BYTES; q < end; q += 8) {
        store64(q, v++);
    }
    CLOBBER_MEMORY();
    return (uint64_t) v;
}

/* 4096 8-byte loads at precomputed random 8-byte-aligned offsets in 64 MiB. */
static uint64_t randomGetLong(void *p) {
    const state *s = p;
    int64_t sum = 0;
    for (int i = 0; i < RANDOM_READS; i++) {
        sum += load64(s->random + s->random_offsets[i]);
    }
    return (uint64_t) sum;
}

/* Packed 13-byte records [int length][long id][byte flag] over 64 KiB: load the int, store the long
 * (unaligned), load the flag byte. */
static uint64_t serializationMix(void *p) {
    const state *s = p;
    int64_t sum = 0;
    for (unsigned char *q = s->ser, *end = s->ser + SER_BYTES - RECORD; q < end; q += RECORD) {
        int32_t len = load32(q);
        store64(q + 4, len + sum);
        sum += (signed char) q[12];
    }
    CLOBBER_MEMORY();
    return (uint64_t) sum;
}

/* One 4 KiB memcpy between two buffers. */
static uint64_t copy4k(void *p) {
    const state *s = p;
    memcpy(s->copy_dst, s->copy_src, COPY_BYTES);
    CLOBBER_MEMORY();
    return (uint64_t) (uintptr_t) s->copy_dst;
}

/* Volatile load and compare-and-swap increment of a counter (uncontended). */
static uint64_t casCounter(void *p) {
    const state *s = p;
    int64_t v = __atomic_load_n(s->counter, __ATOMIC_SEQ_CST);
    return __atomic_compare_exchange_n(s->counter, &v, v + 1, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

/* 1024 lookups (3/4 hits) in a linear-probing int64 -> int64 map of 2^16 16-byte slots, half full. */
static uint64_t hashMapLookup(void *p) {
    const state *s = p;
    int64_t sum = 0;
    for (int i = 0; i < LOOKUPS; i++) {
        sum += map_get(s->table, s->lookup_keys[i]);
    }
    return (uint64_t) sum;
}

int main(void) {
    static const benchmark benchmarks[] = {
        {"casCounter", 1, setup, casCounter, teardown},
        {"copy4k", 1, setup, copy4k, teardown},
        {"hashMapLookup", 1, setup, hashMapLookup, teardown},
        {"randomGetLong", 1, setup, randomGetLong, teardown},
        {"sequentialGetLong", 1, setup, sequentialGetLong, teardown},
        {"sequentialPutLong", 1, setup, sequentialPutLong, teardown},
        {"serializationMix", 1, setup, serializationMix, teardown},
    };
    return run_all(benchmarks, sizeof benchmarks / sizeof benchmarks[0]);
}
