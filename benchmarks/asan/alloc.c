/*
 * C ports of the allocation patterns of the test_vmalloc port (VmallocBenchmark and TestVmalloc in
 * benchmarks/src/main/java/io/jkasan/benchmarks): malloc is vmalloc, free is vfree, "touch" is a one-byte
 * store to the first byte. Sizes are drawn from per-thread tables precomputed at set-up, so the generator
 * is not timed. Each pattern runs on one thread and on two at once (the _2t rows).
 */
#include "harness.h"

#define PAGE 4096u
#define BUSY_LIST 15000
#define RANDOM_TABLE 4096u

typedef struct {
    unsigned next;
    uint32_t random_pages[RANDOM_TABLE];  /* 1..100 */
    uint32_t small_sizes[RANDOM_TABLE];   /* 16..256 bytes */
    void **busy;                          /* long_busy_list's live 1-page areas, or NULL */
} state;

static void touch(void *p, unsigned char v) {
    *(volatile unsigned char *) p = v;
}

static void *setup_tables(unsigned thread) {
    uint64_t rnd = 42 + thread;
    state *s = xmalloc(sizeof *s);
    s->next = 0;
    for (unsigned i = 0; i < RANDOM_TABLE; i++) {
        s->random_pages[i] = (uint32_t) (splitmix64(&rnd) % 100) + 1;
        s->small_sizes[i] = (uint32_t) (splitmix64(&rnd) % 241) + 16;
    }
    s->busy = NULL;
    return s;
}

/* long_busy_list_alloc_test's set-up: 15000 live 1-page areas. */
static void *setup_busy_list(unsigned thread) {
    state *s = setup_tables(thread);
    s->busy = xmalloc(sizeof(void *) * BUSY_LIST);
    for (int i = 0; i < BUSY_LIST; i++) {
        s->busy[i] = xmalloc(PAGE);
        touch(s->busy[i], 1);
    }
    return s;
}

static void teardown(void *p) {
    state *s = p;
    if (s->busy != NULL) {
        for (int i = 0; i < BUSY_LIST; i++) {
            free(s->busy[i]);
        }
        free(s->busy);
    }
    free(s);
}

static uint64_t fix_size(size_t bytes) {
    void *p = xmalloc(bytes);
    uint64_t address = (uint64_t) (uintptr_t) p;  /* the result, taken before the free */
    touch(p, 0);
    free(p);
    return address;
}

/* fix_size_alloc_test: 1 page, touch, free. */
static uint64_t fixSize1Page(void *s) {
    (void) s;
    return fix_size(PAGE);
}

/* fix_size_alloc_test as in Linux 5.5: 3 pages. */
static uint64_t fixSize3Pages(void *s) {
    (void) s;
    return fix_size(3 * PAGE);
}

/* Small objects: 16..256 bytes, touch, free (the kmalloc sizes generic KASAN serves from slabs). */
static uint64_t smallObjects(void *p) {
    state *s = p;
    return fix_size(s->small_sizes[s->next++ & (RANDOM_TABLE - 1)]);
}

/* The loop body of long_busy_list_alloc_test: 100 pages + 1 page, touch both, free both. */
static uint64_t longBusyList(void *p) {
    (void) p;
    void *p1 = xmalloc(100 * PAGE);
    void *p2 = xmalloc(PAGE);
    uint64_t addresses = (uint64_t) (uintptr_t) p1 ^ (uint64_t) (uintptr_t) p2;
    touch(p1, 0);
    touch(p2, 1);
    free(p1);
    free(p2);
    return addresses;
}

/* random_size_alloc_test: n pages, n in 1..100, touch, free. */
static uint64_t randomSize(void *p) {
    state *s = p;
    return fix_size((size_t) s->random_pages[s->next++ & (RANDOM_TABLE - 1)] * PAGE);
}

int main(void) {
    static const benchmark benchmarks[] = {
        {"fixSize1Page", 1, setup_tables, fixSize1Page, teardown},
        {"fixSize1Page_2t", 2, setup_tables, fixSize1Page, teardown},
        {"fixSize3Pages", 1, setup_tables, fixSize3Pages, teardown},
        {"fixSize3Pages_2t", 2, setup_tables, fixSize3Pages, teardown},
        {"longBusyList", 1, setup_busy_list, longBusyList, teardown},
        {"longBusyList_2t", 2, setup_busy_list, longBusyList, teardown},
        {"randomSize", 1, setup_tables, randomSize, teardown},
        {"randomSize_2t", 2, setup_tables, randomSize, teardown},
        {"smallObjects", 1, setup_tables, smallObjects, teardown},
        {"smallObjects_2t", 2, setup_tables, smallObjects, teardown},
    };
    return run_all(benchmarks, sizeof benchmarks / sizeof benchmarks[0]);
}
