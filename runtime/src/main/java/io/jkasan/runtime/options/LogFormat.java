package io.jkasan.runtime.options;

/** The format of what jkasan writes to {@code log_path}, or to stderr when there is none. */
public enum LogFormat {
    /** The KASAN splats of docs/report-format.md. */
    TEXT,
    /** One JSON object per line (docs/report-format.md, "JSON reports"). */
    JSON
}
