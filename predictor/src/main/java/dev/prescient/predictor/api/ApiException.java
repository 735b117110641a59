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
    private final boolean closesConnection;

    public ApiException(int status, String error, String detail) {
        this(status, error, detail, false);
    }

    private ApiException(int status, String error, String detail, boolean closesConnection) {
        super(detail);
        this.status = status;
        this.error = error;
        this.closesConnection = closesConnection;
    }

    /**
     * The same refusal answered with {@code Connection: close}: for a request whose body was not read to its end,
     * so that the server drops the connection instead of reading the rest of a body it has refused.
     */
    public ApiException closingConnection() {
        return closesConnection ? this : new ApiException(status, error, getMessage(), true);
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

    public boolean closesConnection() {
        return closesConnection;
    }
}
