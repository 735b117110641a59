package dev.prescient.common.forecast;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * Picks a {@link Forecaster} by its {@link Forecaster#type()}. Built from a list, so a new
 * algorithm is one more entry in {@link #baselines()}, or, when it lives in its own module because of
 * what it depends on (the LSTM and PyTorch), one line in that module's
 * {@code META-INF/services/dev.prescient.common.forecast.Forecaster}.
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

    /** The baselines, plain Java: seasonal naive, Holt-Winters, seed ARIMA. */
    public static List<Forecaster> baselines() {
        return List.of(new SeasonalNaiveForecaster(), new HoltWintersForecaster(), new SeedArimaForecaster());
    }

    /**
     * The built-in forecasters: the {@link #baselines()}, then, by type name, every forecaster a module on
     * the class path declares as a {@link ServiceLoader} provider of {@link Forecaster}. With
     * {@code prescient-forecast-lstm} on the class path (trainer, predictor) that adds {@code lstm}; without it
     * (the actuator) asking for {@code lstm} fails in {@link #get} naming the types there are.
     */
    public static ForecasterRegistry defaults() {
        List<Forecaster> all = new ArrayList<>(baselines());
        ServiceLoader.load(Forecaster.class, ForecasterRegistry.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparing(Forecaster::type))
                .forEach(all::add);
        return new ForecasterRegistry(all);
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
