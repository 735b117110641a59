package dev.prescient.common.forecast;

import dev.prescient.common.series.TimeSeries;

/**
 * One forecasting algorithm. {@link #fit} trains on a history and returns a model that
 * forecasts from the most recent data; algorithms that do not train return a model that only
 * remembers the settings. Implementations are chosen by {@link #type()} through the registry.
 */
public interface Forecaster {

    /** Stable type name used in configuration, manifests and metrics, e.g. {@code seasonal-naive}. */
    String type();

    /**
     * @param history training history, may contain gaps (NaN)
     * @throws ForecastException naming the forecaster and the reason when it cannot train
     */
    FittedModel fit(TimeSeries history, ForecastSettings settings);
}
