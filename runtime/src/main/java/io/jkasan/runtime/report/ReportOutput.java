package io.jkasan.runtime.report;

import io.jkasan.runtime.options.LogFormat;
import java.io.PrintStream;

/**
 * Where what jkasan says goes, and in which format: stderr and the {@code log_path} file. With
 * {@code log_format=text} both get the text; with {@code log_format=json} the log gets JSON, and stderr gets
 * JSON only when there is no log (docs/options.md, {@code log_format}): a person watching stderr then still
 * reads the splats while a tool reads the file.
 */
final class ReportOutput {
    private final LogFormat format;
    private final ReportLog log;
    private volatile PrintStream err = System.err;

    /**
     * @param format the {@code log_format} option
     * @param log the {@code log_path} file, or {@link ReportLog#none()}
     */
    ReportOutput(LogFormat format, ReportLog log) {
        this.format = format;
        this.log = log;
    }

    /** @return whether the JSON form of what is written is needed at all */
    boolean wantsJson() {
        return format == LogFormat.JSON;
    }

    /**
     * Writes one item in both forms; each destination takes the form its format says.
     *
     * @param text the text form, ending in a newline
     * @param json the JSON form, one line ending in a newline; {@code null} unless {@link #wantsJson()}
     */
    void write(String text, String json) {
        PrintStream e = err;
        boolean jsonLog = format == LogFormat.JSON;
        e.print(jsonLog && log.path() == null ? json : text);
        e.flush();
        log.append(jsonLog ? json : text, e);
    }

    /** @return the stream standing for stderr, for messages about jkasan itself */
    PrintStream err() {
        return err;
    }

    /** @param stream the new stderr (tests) */
    void setErr(PrintStream stream) {
        this.err = stream;
    }
}
