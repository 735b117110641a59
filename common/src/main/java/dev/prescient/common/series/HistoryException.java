package dev.prescient.common.series;

/** History could not be obtained; the message names the query or file and what to do. */
public class HistoryException extends RuntimeException {

    /** Whether retrying later may succeed (server down, timeout) as opposed to a bad query. */
    private final boolean transientFailure;

    public HistoryException(String message, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    public HistoryException(String message, boolean transientFailure) {
        this(message, transientFailure, null);
    }

    public boolean isTransient() {
        return transientFailure;
    }
}
