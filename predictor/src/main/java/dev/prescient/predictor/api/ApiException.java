package dev.prescient.predictor.api;

/**
 * A request the API refuses, answered as {@code {"error": error, "detail": detail}} with {@code status}.
 */
public class ApiException extends RuntimeException {

    public static final String BAD_PARAMETER = "bad-parameter";
    public static final String UNKNOWN_WORKLOAD = "unknown-workload";
    public static final String BODY_TOO_LARGE = "body-too-large";
    public static final String BUSY = "busy";
    public static final String UNAUTHORIZED = "unauthorized";

    private final int status;
    private final String error;

    public ApiException(int status, String error, String detail) {
        super(detail);
        this.status = status;
        this.error = error;
    }

    public static ApiException badParameter(String parameter, String problem) {
        return new ApiException(400, BAD_PARAMETER, parameter + ": " + problem);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }
}
