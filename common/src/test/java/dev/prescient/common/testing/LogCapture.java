package dev.prescient.common.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects what one logger category logs while open, as formatted messages (a JUL handler). */
public final class LogCapture extends Handler implements AutoCloseable {

    private final Logger logger;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private LogCapture(Logger logger) {
        this.logger = logger;
    }

    public static LogCapture of(Class<?> category) {
        LogCapture capture = new LogCapture(Logger.getLogger(category.getName()));
        capture.logger.addHandler(capture);
        return capture;
    }

    /** The messages logged so far, parameters filled in. */
    public List<String> messages() {
        return records.stream().map(r -> r.getParameters() == null || r.getParameters().length == 0
                ? r.getMessage() : String.format(r.getMessage(), r.getParameters())).toList();
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
