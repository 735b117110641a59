package dev.prescient.actuator.loop;

/** The predictor refused the request (4xx, e.g. unknown workload); retrying will not help. */
public class PredictorRejectedException extends RuntimeException {

    private final int status;
    private final String error;

    public PredictorRejectedException(int status, String detail) {
        this(status, "", detail);
    }

    /** @param error the {@code error} of the predictor's JSON body, empty when it had none */
    public PredictorRejectedException(int status, String error, String detail) {
        super("predictor answered " + status + " " + detail
                + "; check that the predictor and the actuator read the same workloads file");
        this.status = status;
        this.error = error;
    }

    /**
     * Whether the predictor said it has no such endpoint or method (its own JSON 404 {@code not-found} or 405
     * {@code method-not-allowed}): an older predictor, not a refused workload.
     */
    public boolean noSuchEndpoint() {
        return (status == 404 && error.equals("not-found")) || (status == 405 && error.equals("method-not-allowed"));
    }

    public int status() {
        return status;
    }
}
