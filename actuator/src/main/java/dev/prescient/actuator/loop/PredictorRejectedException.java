package dev.prescient.actuator.loop;

/** The predictor refused the request (4xx, e.g. unknown workload); retrying will not help. */
public class PredictorRejectedException extends RuntimeException {

    private final int status;

    public PredictorRejectedException(int status, String detail) {
        super("predictor answered " + status + " " + detail
                + "; check that the predictor and the actuator read the same workloads file");
        this.status = status;
    }

    public int status() {
        return status;
    }
}
