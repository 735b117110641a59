package dev.prescient.common.forecast;

/** A forecaster could not train, load or forecast; the message names which and why. */
public class ForecastException extends RuntimeException {

    public ForecastException(String message) {
        super(message);
    }

    public ForecastException(String message, Throwable cause) {
        super(message, cause);
    }
}
