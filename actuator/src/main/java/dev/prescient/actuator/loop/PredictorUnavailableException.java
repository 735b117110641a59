package dev.prescient.actuator.loop;

/** The predictor answered 5xx: it cannot forecast now (e.g. Prometheus down); worth retrying. */
public class PredictorUnavailableException extends RuntimeException {

    private final int status;

    public PredictorUnavailableException(int status, String detail) {
        super("predictor answered " + status + " " + detail);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
