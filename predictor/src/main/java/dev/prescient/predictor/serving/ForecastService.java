package dev.prescient.predictor.serving;

import dev.prescient.common.api.ForecastResponse;
import dev.prescient.common.forecast.FittedModel;
import dev.prescient.common.forecast.Forecast;
import dev.prescient.common.forecast.ForecastSettings;
import dev.prescient.common.forecast.SeasonalNaiveForecaster;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.Sizing;
import dev.prescient.common.series.HistoryException;
import dev.prescient.common.series.TimeSeries;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Makes the forecast a request asks for: history (cached per step, or given), the serving model, its
 * output checked, and the seasonal-naive fallback when there is no model, the model cannot be loaded, or it
 * fails or returns garbage. A forecast already made for the step is answered from the serving version's name
 * alone; only making one takes the model (loading it when it is not loaded), under a lease closed afterwards.
 */
public final class ForecastService {

    public static final String SOURCE_MODEL = "model";
    public static final String SOURCE_FALLBACK = "fallback:" + SeasonalNaiveForecaster.TYPE;
    public static final String SOURCE_UNAVAILABLE = "unavailable";
    private static final Logger LOG = Logger.getLogger(ForecastService.class);

    private final ModelSource models;
    private final HistoryCache history;
    private final PredictorMetrics metrics;
    private final Clock clock;
    private final Duration historyWindow;
    private final SeasonalNaiveForecaster fallback = new SeasonalNaiveForecaster();
    private final boolean reuseForecasts;
    private final ForecastAccuracy accuracy;

    /** A service keeping its own {@link ForecastAccuracy}. */
    public ForecastService(ModelSource models, HistoryCache history, PredictorMetrics metrics,
                           Clock clock, Duration historyWindow, boolean reuseForecasts) {
        this(models, history, metrics, clock, historyWindow, reuseForecasts, new ForecastAccuracy());
    }

    /**
     * @param models the serving version and model of each configured workload
     * @param historyWindow history fetched per workload when the model needs no more
     * @param reuseForecasts whether a GET forecast is made once per workload, step, model and horizon and
     *     then reused until the step ends (its {@code generatedAt} says when it was made)
     * @param accuracy where the forecasts served from the history source are recorded and scored
     */
    public ForecastService(ModelSource models, HistoryCache history, PredictorMetrics metrics,
                           Clock clock, Duration historyWindow, boolean reuseForecasts, ForecastAccuracy accuracy) {
        this.accuracy = accuracy;
        this.reuseForecasts = reuseForecasts;
        this.models = models;
        this.history = history;
        this.metrics = metrics;
        this.clock = clock;
        this.historyWindow = historyWindow;
    }

    /**
     * Forecast from the history source (cached per step).
     *
     * @throws ForecastUnavailableException when the history cannot be had or is too short
     */
    public ForecastResponse fromSource(WorkloadSpec spec, int horizonSteps) {
        ForecastResponse response = counted(spec, () -> prepare(spec, horizonSteps));
        accuracy.served(spec, response);
        return response;
    }

    /**
     * The forecast {@link #fromSource} would answer, if it is already made (counted as answered), without
     * waiting for anything: for callers on an I/O thread.
     */
    public Optional<ForecastResponse> ready(WorkloadSpec spec, int horizonSteps) {
        if (!reuseForecasts) {
            return Optional.empty();
        }
        Optional<ForecastResponse> made = made(spec, horizonSteps, HistoryCache.stepStart(clock.instant(),
                spec.step()));
        made.ifPresent(r -> {
            metrics.forecastAnswered(spec.key(), r.source());
            accuracy.served(spec, r);
        });
        return made;
    }

    /**
     * Makes (or reuses) the forecast {@link #fromSource} would answer, without counting it as a request:
     * run ahead of requests so that they find history and forecast ready.
     *
     * @throws ForecastUnavailableException when the history cannot be had or is too short
     */
    public ForecastResponse prepare(WorkloadSpec spec, int horizonSteps) {
        return prepare(spec, horizonSteps, HistoryCache.stepStart(clock.instant(), spec.step()));
    }

    /**
     * Like {@link #prepare(WorkloadSpec, int)} for the step starting at {@code stepStart}, which may be the
     * next one: its history ends there, so it is known shortly before.
     */
    public ForecastResponse prepare(WorkloadSpec spec, int horizonSteps, Instant stepStart) {
        return prepare(spec, horizonSteps, stepStart, true).orElseThrow();
    }

    /**
     * Like {@link #prepare(WorkloadSpec, int, Instant)}, but makes the forecast only when that loads no model or
     * loads one without evicting another (ahead of requests, a full cache of loaded models is left alone); else
     * fetches the history only.
     *
     * @return empty when the forecast was left for the first request to make
     */
    public Optional<ForecastResponse> prepareAhead(WorkloadSpec spec, int horizonSteps, Instant stepStart) {
        return prepare(spec, horizonSteps, stepStart, false);
    }

    private Optional<ForecastResponse> prepare(WorkloadSpec spec, int horizonSteps, Instant stepStart,
                                               boolean mayEvict) {
        Optional<ForecastResponse> ready = made(spec, horizonSteps, stepStart);
        if (ready.isPresent()) {
            return ready;
        }
        // the history first: without it no model needs loading
        CachedHistory known = history(spec, historySteps(spec, Optional.empty()), stepStart);
        if (!mayEvict && models.version(spec.key()).isPresent() && !models.leasableWithoutEviction(spec.key())) {
            return Optional.empty();
        }
        try (Taken taken = take(spec)) {
            // the same entry unless a model loaded for the first time needs more than was known
            CachedHistory recent = taken.model().isEmpty() ? known
                    : history(spec, historySteps(spec, taken.model()), stepStart);
            String model = taken.model().map(ServingModel::version).orElse(SOURCE_FALLBACK);
            ForecastResponse made = reuseForecasts ? recent.forecast(model, horizonSteps) : null;
            if (made != null) {
                return Optional.of(made);
            }
            ForecastResponse response = answer(spec, taken, recent.series(), recent.fetchedAt(), horizonSteps);
            if (reuseForecasts) {
                recent.remember(model, horizonSteps, response);
            }
            return Optional.of(response);
        }
    }

    /**
     * The forecast made for {@code stepStart} by the serving version (by name: no model is needed), if any.
     * Any history cached for the step is long enough to look in: a forecast is only ever made from enough.
     */
    private Optional<ForecastResponse> made(WorkloadSpec spec, int horizonSteps, Instant stepStart) {
        if (!reuseForecasts) {
            return Optional.empty();
        }
        String model = models.version(spec.key()).orElse(SOURCE_FALLBACK);
        return history.peek(spec, windowSteps(spec), stepStart).map(h -> h.forecast(model, horizonSteps));
    }

    /** The serving model taken for one forecast (empty: the fallback answers), given back on close. */
    private record Taken(Optional<ModelLease> lease, boolean loadFailed) implements AutoCloseable {

        Optional<ServingModel> model() {
            return lease.map(ModelLease::model);
        }

        @Override
        public void close() {
            lease.ifPresent(ModelLease::close);
        }
    }

    private Taken take(WorkloadSpec spec) {
        try {
            return new Taken(models.lease(spec.key()), false);
        } catch (ModelUnavailableException e) {
            return new Taken(Optional.empty(), true);
        }
    }

    /**
     * Scores the forecasts served for {@code spec} against the history of the step starting at
     * {@code stepStart} (the one its forecasts are made from, so no extra fetch): run once per step by the
     * step job, never on the request path.
     *
     * @throws ForecastUnavailableException when the history cannot be had
     */
    public ForecastAccuracy.Scored scoreAccuracy(WorkloadSpec spec, Instant stepStart) {
        CachedHistory recent = history(spec, historySteps(spec, Optional.empty()), stepStart);
        return accuracy.score(spec, recent.series(), stepStart);
    }

    private CachedHistory history(WorkloadSpec spec, int steps, Instant stepStart) {
        try {
            return history.get(spec, steps, stepStart);
        } catch (HistoryException e) {
            throw new ForecastUnavailableException(ForecastUnavailableException.HISTORY_UNAVAILABLE,
                    "cannot fetch the history of " + spec.key() + ": " + e.getMessage()
                            + "; the forecast is unavailable until the history source answers", e);
        }
    }

    /**
     * Forecast from a history the caller sent (carries the workload's accuracy, but is not recorded for it: the
     * history is the caller's, not the predictor's).
     *
     * @throws ForecastUnavailableException when the history is too short for any forecaster
     */
    public ForecastResponse fromHistory(WorkloadSpec spec, TimeSeries recent, int horizonSteps) {
        return counted(spec, () -> {
            try (Taken taken = take(spec)) {
                return answer(spec, taken, recent, clock.instant(), horizonSteps);
            }
        });
    }

    private ForecastResponse counted(WorkloadSpec spec, java.util.function.Supplier<ForecastResponse> call) {
        try {
            ForecastResponse response = call.get();
            metrics.forecastAnswered(spec.key(), response.source());
            return response;
        } catch (ForecastUnavailableException e) {
            metrics.forecastAnswered(spec.key(), SOURCE_UNAVAILABLE);
            throw e;
        }
    }

    private ForecastResponse answer(WorkloadSpec spec, Taken taken, TimeSeries recent, Instant fetchedAt,
                                    int horizonSteps) {
        Optional<ServingModel> serving = taken.model();
        if (serving.isPresent()) {
            Optional<Forecast> forecast = fromModel(spec, serving.get(), recent, horizonSteps);
            if (forecast.isPresent()) {
                ServingModel m = serving.get();
                return respond(spec, recent, forecast.get(), fetchedAt, SOURCE_MODEL,
                        new ForecastResponse.ModelRef(m.version(), "production", m.type()), m.loadedAt(),
                        m.sizing());
            }
        } else {
            metrics.fallbackUsed(spec.key(), taken.loadFailed() ? "load-failed" : "no-model");
        }
        Forecast forecast = fromFallback(spec, recent, horizonSteps);
        return respond(spec, recent, forecast, fetchedAt, SOURCE_FALLBACK,
                new ForecastResponse.ModelRef(null, "fallback", SeasonalNaiveForecaster.TYPE), null, Optional.empty());
    }

    private Optional<Forecast> fromModel(WorkloadSpec spec, ServingModel m, TimeSeries recent, int horizonSteps) {
        Forecast forecast;
        try {
            forecast = m.model().forecast(recent, horizonSteps);
        } catch (IllegalArgumentException e) {
            return refused(spec, m, "invalid-output", e.getMessage());
        } catch (RuntimeException e) {
            return refused(spec, m, "model-failed", e.getMessage());
        }
        Optional<String> problem = OutputGuard.problem(forecast, recent.end(), recent.step(), horizonSteps);
        if (problem.isPresent()) {
            return refused(spec, m, "invalid-output", problem.get());
        }
        return Optional.of(forecast);
    }

    private Optional<Forecast> refused(WorkloadSpec spec, ServingModel m, String reason, String detail) {
        if ("invalid-output".equals(reason)) {
            metrics.invalidOutput(spec.key());
        }
        metrics.fallbackUsed(spec.key(), reason);
        LOG.warnf("model %s %s (%s) gave no usable forecast (%s: %s); answering from %s", spec.key(), m.version(),
                m.type(), reason, detail, SeasonalNaiveForecaster.TYPE);
        return Optional.empty();
    }

    private Forecast fromFallback(WorkloadSpec spec, TimeSeries recent, int horizonSteps) {
        try {
            FittedModel model = fallback.fit(recent, ForecastSettings.daily(spec.step(), horizonSteps, 0));
            return model.forecast(recent, horizonSteps);
        } catch (RuntimeException e) {
            throw new ForecastUnavailableException(ForecastUnavailableException.HISTORY_TOO_SHORT,
                    "cannot forecast " + spec.key() + " from " + recent + ": " + e.getMessage(), e);
        }
    }

    private ForecastResponse respond(WorkloadSpec spec, TimeSeries recent, Forecast forecast, Instant fetchedAt,
                                     String source, ForecastResponse.ModelRef model, Instant modelLoadedAt,
                                     Optional<Sizing> sizing) {
        Instant now = clock.instant();
        Instant historyUntil = recent.end().minus(recent.step());
        return ForecastResponse.of(spec.key(), model, source, now, historyUntil, forecast,
                new ForecastResponse.Freshness(Duration.between(historyUntil, now).toSeconds(), fetchedAt,
                        modelLoadedAt), accuracy.wire(spec.key()), sizing);
    }

    /** Steps of the horizon a request without one gets: {@code defaultHorizon} capped at the workload's. */
    public static int defaultHorizonSteps(WorkloadSpec spec, Optional<Duration> defaultHorizon) {
        Duration horizon = defaultHorizon.filter(d -> d.compareTo(spec.horizon()) <= 0).orElse(spec.horizon());
        return (int) (horizon.toMillis() / spec.step().toMillis());
    }

    /**
     * History fetched for {@code spec}: the window, or more when the model needs more (that of {@code serving},
     * else the serving version's need if known from an earlier load).
     */
    private int historySteps(WorkloadSpec spec, Optional<ServingModel> serving) {
        return Math.max(windowSteps(spec), serving.map(m -> m.model().requiredHistorySteps())
                .orElseGet(() -> models.requiredHistorySteps(spec.key())));
    }

    private int windowSteps(WorkloadSpec spec) {
        return (int) Math.max(1, historyWindow.toMillis() / spec.step().toMillis());
    }
}
