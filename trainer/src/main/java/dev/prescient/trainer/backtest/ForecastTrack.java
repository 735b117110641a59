package dev.prescient.trainer.backtest;

import dev.prescient.common.forecast.Forecast;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The forecasts one forecaster made during a rolling-origin replay, by origin minute: the forecast
 * made at minute t (from data up to t - 1) covers [t, t + horizon).
 */
public final class ForecastTrack {

    private final String forecaster;
    private final Map<Integer, Forecast> byOrigin = new HashMap<>();

    public ForecastTrack(String forecaster) {
        this.forecaster = forecaster;
    }

    public String forecaster() {
        return forecaster;
    }

    public void put(int originMinute, Forecast forecast) {
        byOrigin.put(originMinute, forecast);
    }

    /** The forecast made at {@code originMinute}, empty when that origin failed or was not an origin. */
    public Optional<Forecast> at(int originMinute) {
        return Optional.ofNullable(byOrigin.get(originMinute));
    }

    public int size() {
        return byOrigin.size();
    }

    /**
     * The newest forecast made at or before {@code minute}, looking back at most {@code maxAgeMinutes}; its origin
     * minute tells when it was made.
     */
    public Optional<Map.Entry<Integer, Forecast>> latest(int minute, int maxAgeMinutes) {
        for (int m = minute; m >= minute - maxAgeMinutes; m--) {
            Forecast f = byOrigin.get(m);
            if (f != null) {
                return Optional.of(Map.entry(m, f));
            }
        }
        return Optional.empty();
    }
}
