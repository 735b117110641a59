package dev.prescient.common.forecast;

import dev.prescient.common.series.TimeSeries;

/**
 * A trained forecaster. Forecasts start at {@code recent.end()}, the step right after the newest
 * value. Implementations holding native resources release them in {@link #close()}.
 */
public interface FittedModel extends AutoCloseable {

    String type();

    /** How many of the most recent steps {@link #forecast} needs. */
    int requiredHistorySteps();

    /**
     * @param recent the most recent history, at least {@link #requiredHistorySteps()} long
     * @param horizonSteps steps to forecast
     * @throws ForecastException when the input is unusable (too short, all gaps)
     */
    Forecast forecast(TimeSeries recent, int horizonSteps);

    @Override
    default void close() {
    }
}
