package io.jkasan.runtime.alloc;

/** The id a report prints after a thread's name ({@code task %s/%d}). */
public final class ThreadIds {
    private ThreadIds() {
    }

    /**
     * @param t a thread
     * @return its id ({@code Thread.getId()}, which JDK 19+ also calls {@code threadId()})
     */
    @SuppressWarnings("deprecation")
    public static long of(Thread t) {
        return t.getId();
    }
}
