package dev.prescient.predictor.serving;

/** The serving version of a workload could not be loaded on demand; the forecast falls back. */
public final class ModelUnavailableException extends RuntimeException {

    public ModelUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
