package dev.prescient.predictor.serving;

/**
 * No trustworthy forecast can be made right now (history source down, history too short); the API
 * answers 503 with {@link #reason()} as the error, so the caller holds.
 */
public class ForecastUnavailableException extends RuntimeException {

    public static final String HISTORY_UNAVAILABLE = "history-unavailable";
    public static final String HISTORY_TOO_SHORT = "history-too-short";

    private final String reason;

    public ForecastUnavailableException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** Short machine-friendly reason, e.g. {@code history-unavailable}. */
    public String reason() {
        return reason;
    }
}
