package dev.prescient.common.forecast.eval;

import dev.prescient.common.forecast.Forecast;

/** Hears how a rolling-origin evaluation progresses, e.g. to print progress lines. */
public interface EvaluationListener {

    /** A refit finished: the {@code refit}-th of {@code refits} planned, in {@code seconds}. */
    default void refitted(String type, int refit, int refits, double seconds) {
    }

    /** A fit or a forecast at origin index {@code origin} threw; {@code message} says why. */
    default void failed(String type, int origin, String message) {
    }

    /**
     * A forecast was made at origin index {@code origin} (it covers [origin, origin + horizon) of the series).
     * The backtest records these, so its policies act on exactly the forecasts that were scored.
     */
    default void forecastMade(String type, int origin, Forecast forecast) {
    }

    /** A listener that ignores everything. */
    static EvaluationListener none() {
        return new EvaluationListener() {
        };
    }
}
