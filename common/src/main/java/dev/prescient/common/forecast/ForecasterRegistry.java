package dev.prescient.common.forecast;

import dev.prescient.common.forecast.lstm.LstmForecaster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Picks a {@link Forecaster} by its {@link Forecaster#type()}. Built from a list, so a new
 * algorithm is one more entry in {@link #defaults()}.
 */
public final class ForecasterRegistry {

    private final Map<String, Forecaster> byType = new LinkedHashMap<>();

    /**
     * @param forecasters the available forecasters, in the order {@link #types()} lists them
     * @throws IllegalArgumentException when two forecasters share a type name
     */
    public ForecasterRegistry(List<? extends Forecaster> forecasters) {
        for (Forecaster f : forecasters) {
            Objects.requireNonNull(f, "forecaster");
            Forecaster previous = byType.putIfAbsent(f.type(), f);
            if (previous != null) {
                throw new IllegalArgumentException("forecaster type '" + f.type() + "' is registered twice: "
                        + previous.getClass().getName() + " and " + f.getClass().getName());
            }
        }
    }

    /** The built-in forecasters: the baselines (seasonal naive, Holt-Winters, seed ARIMA) and the LSTM. */
    public static ForecasterRegistry defaults() {
        return new ForecasterRegistry(List.of(
                new SeasonalNaiveForecaster(),
                new HoltWintersForecaster(),
                new SeedArimaForecaster(),
                new LstmForecaster()));
    }

    /**
     * @throws ForecastException naming the unknown type and listing the known ones
     */
    public Forecaster get(String type) {
        Forecaster f = byType.get(type);
        if (f == null) {
            throw new ForecastException("unknown forecaster type '" + type + "'; known types: "
                    + String.join(", ", byType.keySet()));
        }
        return f;
    }

    /** Known type names in registration order. */
    public List<String> types() {
        return new ArrayList<>(byType.keySet());
    }
}
