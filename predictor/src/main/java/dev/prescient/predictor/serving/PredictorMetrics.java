package dev.prescient.predictor.serving;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The predictor's metrics, in Prometheus naming once exported ({@code /q/metrics}):
 * <ul>
 *   <li>{@code prescient_forecast_requests_total{workload,source}}: answered forecasts, {@code source} =
 *       {@code model}, {@code fallback:seasonal-naive} or {@code unavailable} (503);</li>
 *   <li>{@code prescient_forecast_request_seconds{method}}: request latency histogram;</li>
 *   <li>{@code prescient_forecast_fallbacks_total{workload,reason}}: forecasts the fallback made, with why
 *       ({@code no-model}, {@code model-failed}, {@code invalid-output});</li>
 *   <li>{@code prescient_forecast_invalid_output_total{workload}}: model outputs refused as NaN, infinite,
 *       negative or misshapen;</li>
 *   <li>{@code prescient_model_info{workload,version}}: 1 for each serving model;</li>
 *   <li>{@code prescient_model_fallback_active{workload}}: 1 while a workload has no model;</li>
 *   <li>{@code prescient_model_load_failures_total{workload}}: versions refused (download, checksum, format, DJL);</li>
 *   <li>{@code prescient_registry_poll_failures_total{workload}}: registry checks that failed;</li>
 *   <li>{@code prescient_history_query_seconds{outcome}}: history fetches from the source (histogram);</li>
 *   <li>{@code prescient_history_query_failures_total{workload}}: history fetches that failed;</li>
 *   <li>{@code prescient_forecast_mase{workload,window}}, {@code prescient_forecast_p90_coverage{workload,window}}:
 *       live accuracy over {@code window} = {@code 24h} or {@code 1h}, NaN until scored points exist;</li>
 *   <li>{@code prescient_forecast_rate{workload,quantile}}: p50 ({@code 0.5}) and p90 ({@code 0.9}) of the first
 *       point of the newest forecast served;</li>
 *   <li>{@code prescient_actual_rate{workload}}: the newest value read from the history source;</li>
 *   <li>{@code prescient_predictor_models_loaded}, {@code prescient_predictor_models_loaded_max}: models in memory
 *       now (loading ones included) and the most allowed ({@code max-loaded-models});</li>
 *   <li>{@code prescient_predictor_model_loads_total}, {@code prescient_predictor_model_evictions_total}: models
 *       loaded into memory (on first use, after an eviction or for a promotion) and evicted as least recently
 *       used;</li>
 *   <li>{@code prescient_predictor_model_lookups_total{result}}: forecasts that needed a model, {@code hit} when
 *       it was loaded (or loading), {@code miss} when it had to be loaded;</li>
 *   <li>{@code prescient_requests_rejected_total{reason}}: requests refused before any work: {@code body-too-large}
 *       (413), {@code busy} (503, too many POSTs at once), {@code unauthorized} (401).</li>
 * </ul>
 * Workload tags only ever carry workloads of the catalogue: one that leaves it has its series removed
 * ({@link #forget}).
 */
@ApplicationScoped
public class PredictorMetrics {

    private final MeterRegistry registry;
    private final Map<String, Meter> modelInfo = new ConcurrentHashMap<>();

    /** The {@code reason}s of {@link #rejected}. */
    public static final List<String> REJECTIONS = List.of("body-too-large", "busy", "unauthorized");

    public PredictorMetrics(MeterRegistry registry) {
        this.registry = registry;
        // at zero from the start, so that the first refusal shows as an increase to alerts
        REJECTIONS.forEach(this::rejections);
    }

    /** A request refused before any work, for {@code reason}, one of {@link #REJECTIONS}. */
    public void rejected(String reason) {
        rejections(reason).increment();
    }

    private Counter rejections(String reason) {
        return Counter.builder("prescient.requests.rejected")
                .description("Requests refused before any work: body too large, too many at once, unauthorized")
                .tags("reason", reason).register(registry);
    }

    public void forecastAnswered(String workload, String source) {
        Counter.builder("prescient.forecast.requests").description("Forecast requests answered, by source")
                .tags("workload", workload, "source", source).register(registry).increment();
    }

    public void fallbackUsed(String workload, String reason) {
        Counter.builder("prescient.forecast.fallbacks").description("Forecasts made by the fallback forecaster")
                .tags("workload", workload, "reason", reason).register(registry).increment();
    }

    public void invalidOutput(String workload) {
        Counter.builder("prescient.forecast.invalid.output")
                .description("Model outputs refused as NaN, infinite, negative or misshapen")
                .tags("workload", workload).register(registry).increment();
    }

    public void requestTook(String method, Duration elapsed) {
        Timer.builder("prescient.forecast.request").description("Latency of forecast requests")
                .tags("method", method).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry).record(elapsed);
    }

    /**
     * One history query: its latency in a histogram over all workloads (a histogram per workload would be some 70
     * series and 36 KB of heap each, 180 MB at 5,000 workloads), a failure also counted for the workload.
     */
    public void historyQueryTook(String workload, boolean ok, Duration elapsed) {
        Timer.builder("prescient.history.query").description("History fetches from the history source")
                .tags("outcome", ok ? "ok" : "error").publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry).record(elapsed);
        if (!ok) {
            Counter.builder("prescient.history.query.failures").description("History fetches that failed")
                    .tags("workload", workload).register(registry).increment();
        }
    }

    public void loadFailed(String workload) {
        loadFailures(registry, workload).increment();
    }

    private static Counter loadFailures(MeterRegistry registry, String workload) {
        return Counter.builder("prescient.model.load.failures").description("Model versions refused or failing to load")
                .tags("workload", workload).register(registry);
    }

    public void pollFailed(String workload) {
        Counter.builder("prescient.registry.poll.failures").description("Registry checks that failed")
                .tags("workload", workload).register(registry).increment();
    }

    /**
     * Registers the gauge saying whether {@code workload} answers from the fallback, and its load-failure counter
     * at zero, so that the first failure shows as an increase to alerts ({@code increase()} cannot see a series
     * that starts at 1).
     */
    public void watchFallback(String workload, Supplier<Boolean> active) {
        loadFailures(registry, workload);
        Gauge.builder("prescient.model.fallback.active", () -> active.get() ? 1 : 0)
                .description("1 while the workload has no model and the fallback answers")
                .tags("workload", workload).register(registry);
    }

    /** Registers the accuracy, forecast-rate and actual-rate gauges of {@code workload}; NaN while unknown. */
    public void watchAccuracy(String workload, ForecastAccuracy accuracy) {
        for (String window : new String[] {"24h", "1h"}) {
            boolean day = "24h".equals(window);
            Gauge.builder("prescient.forecast.mase", () -> accuracy.latest(workload)
                            .map(s -> (day ? s.snapshot().day() : s.snapshot().hour()).mase()).orElse(Double.NaN))
                    .description("MASE of the served forecasts' p50 against the one-day seasonal naive")
                    .tags("workload", workload, "window", window).register(registry);
            Gauge.builder("prescient.forecast.p90.coverage", () -> accuracy.latest(workload)
                            .map(s -> (day ? s.snapshot().day() : s.snapshot().hour()).p90Coverage())
                            .orElse(Double.NaN))
                    .description("Share (0..1) of actuals at or below the served forecasts' p90")
                    .tags("workload", workload, "window", window).register(registry);
        }
        Gauge.builder("prescient.forecast.rate", () -> accuracy.firstPoint(workload, false))
                .description("First point of the newest forecast served").tags("workload", workload, "quantile", "0.5")
                .register(registry);
        Gauge.builder("prescient.forecast.rate", () -> accuracy.firstPoint(workload, true))
                .description("First point of the newest forecast served").tags("workload", workload, "quantile", "0.9")
                .register(registry);
        Gauge.builder("prescient.actual.rate", () -> accuracy.newestActual(workload))
                .description("Newest value read from the history source").tags("workload", workload)
                .register(registry);
    }

    /** {@code prescient_model_info{workload,version} 1} for the serving version, or none when {@code version} is null. */
    public void modelServing(String workload, String version) {
        Meter old = version == null ? modelInfo.remove(workload)
                : modelInfo.put(workload, Gauge.builder("prescient.model.info", () -> 1)
                        .description("The model version serving each workload").tags("workload", workload,
                                "version", version).register(registry));
        if (old != null && (version == null || !old.getId().getTag("version").equals(version))) {
            registry.remove(old);
        }
    }

    /**
     * Removes every meter tagged with {@code workload}: it left the catalogue, so its series stop (gauges registered
     * again if it comes back read its new state, not the old one's).
     */
    public void forget(String workload) {
        modelInfo.remove(workload);
        for (Meter meter : List.copyOf(registry.getMeters())) {
            if (workload.equals(meter.getId().getTag("workload"))) {
                registry.remove(meter);
            }
        }
    }

    /** Registers the gauges of the loaded-model cache, and its counters at zero. */
    public void watchLoadedModels(Supplier<Integer> loaded, int capacity) {
        Gauge.builder("prescient.predictor.models.loaded", () -> loaded.get())
                .description("Models loaded in memory, loading ones included").register(registry);
        Gauge.builder("prescient.predictor.models.loaded.max", () -> capacity)
                .description("Most models kept loaded (prescient.predictor.max-loaded-models)").register(registry);
        loads();
        evictions();
        lookups(true);
        lookups(false);
    }

    public void modelLoaded() {
        loads().increment();
    }

    public void modelEvicted() {
        evictions().increment();
    }

    /** A forecast needed a model: {@code hit} when it was loaded or being loaded, else a miss that loads it. */
    public void modelLookup(boolean hit) {
        lookups(hit).increment();
    }

    private Counter loads() {
        return Counter.builder("prescient.predictor.model.loads")
                .description("Models loaded into memory (first use, after eviction, promotion)").register(registry);
    }

    private Counter evictions() {
        return Counter.builder("prescient.predictor.model.evictions")
                .description("Loaded models evicted as least recently used").register(registry);
    }

    private Counter lookups(boolean hit) {
        return Counter.builder("prescient.predictor.model.lookups")
                .description("Forecasts that needed a model: hit when loaded, miss when it had to be loaded")
                .tags("result", hit ? "hit" : "miss").register(registry);
    }

    /** Total of {@code prescient_model_load_failures_total} for a workload, for logs and tests. */
    public double loadFailures(String workload) {
        Counter c = registry.find("prescient.model.load.failures").tag("workload", workload).counter();
        return c == null ? 0 : c.count();
    }
}
