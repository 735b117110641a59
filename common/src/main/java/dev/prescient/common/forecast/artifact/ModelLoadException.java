package dev.prescient.common.forecast.artifact;

import dev.prescient.common.forecast.ForecastException;

/** A saved model could not be read: missing or unreadable files, unknown format, hash mismatch. */
public class ModelLoadException extends ForecastException {

    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
