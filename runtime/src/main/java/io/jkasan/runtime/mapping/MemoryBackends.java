package io.jkasan.runtime.mapping;

/** Chooses the {@link MemoryBackend} for the running JDK. */
public final class MemoryBackends {
    /** Binary name of the FFM backend, compiled at release 22 and loaded only on JDK 22+. */
    static final String MMAP_BACKEND = "io.jkasan.runtime.mapping.ffm.MmapBackend";

    private MemoryBackends() {
    }

    /**
     * @return the mmap backend on JDK 22+ (final FFM API), the malloc fallback before that
     */
    public static MemoryBackend select() {
        if (Runtime.version().feature() >= 22) {
            try {
                Class<?> c = Class.forName(MMAP_BACKEND, true, MemoryBackends.class.getClassLoader());
                return (MemoryBackend) c.getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                throw new IllegalStateException("jkasan: cannot load the mmap memory backend: " + e, e);
            }
        }
        return new MallocBackend();
    }
}
