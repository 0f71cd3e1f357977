package io.jkasan.runtime.report.model;

/** A thread as reports name it: {@code <name>/<id>}, the kernel's "task" (comm/pid). */
public final class Task {
    private final String name;
    private final long id;

    /**
     * @param name the thread's name
     * @param id its id ({@code ThreadIds})
     */
    public Task(String name, long id) {
        this.name = name;
        this.id = id;
    }

    /** @return the thread's name */
    public String name() {
        return name;
    }

    /** @return the thread's id */
    public long id() {
        return id;
    }

    /** @return {@code <name>/<id>} */
    @Override
    public String toString() {
        return name + "/" + id;
    }
}
