package dev.prescient.predictor.serving;

import dev.prescient.common.accuracy.AccuracySnapshot;
import dev.prescient.common.accuracy.LiveAccuracy;
import dev.prescient.common.api.ForecastResponse;
import dev.prescient.common.forecast.Forecast;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.series.TimeSeries;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Live accuracy of the forecasts the predictor serves from its own history ({@code GET /forecast}), per
 * workload: every forecast served is recorded once ({@link #served}, on the request path: an identity check,
 * and for a forecast not seen yet one write per horizon step), and scored once per step ({@link #score}, by the
 * step job, from the history it fetched anyway). Forecasts of the fallback are recorded too; {@link Scored}
 * says how many points each source made. Thread-safe.
 *
 * <p><b>Per model version.</b> The accuracy scores one model version: when a forecast of another version than
 * the one scored is served (a promotion, a rollback, the first model after the fallback), the workload's record
 * starts empty, so the points of forecasts made by an earlier version or by the fallback before it do not count
 * for the new one; the snapshot names the version ({@link AccuracySnapshot#modelVersion()}, null until a model
 * has served). A fallback forecast (no version) does not change the version scored: while a model serves, its
 * occasional fallback answers count for it, as the sources say.
 *
 * <p>Memory per workload: the common {@link LiveAccuracy} ring (about 47 KB at 1 m / 30 m) and a
 * {@link SourceLog} of the same length (about 16 KB), whatever the request rate.
 */
public final class ForecastAccuracy {

    /**
     * The newest scoring of a workload.
     *
     * @param snapshot MASE, p90 coverage and points over 24 h and 1 h
     * @param daySources points of the 24 h window per source of the forecast that judged them
     * @param hourSources the same for the 1 h window
     */
    public record Scored(AccuracySnapshot snapshot, Map<String, Integer> daySources, Map<String, Integer> hourSources) {

        public Scored {
            daySources = Map.copyOf(daySources);
            hourSources = Map.copyOf(hourSources);
        }
    }

    private static final class Workload {
        SourceLog sources;
        String version;
        volatile ForecastResponse lastServed;
        volatile double firstP50 = Double.NaN;
        volatile double firstP90 = Double.NaN;
        volatile double newestActual = Double.NaN;
        volatile Scored scored;

        Workload(WorkloadSpec spec) {
            this.sources = new SourceLog(spec.step(), spec.horizonSteps());
        }
    }

    private final LiveAccuracy live = new LiveAccuracy();
    private final Map<String, Workload> workloads = new ConcurrentHashMap<>();

    /**
     * Records {@code response}, served for {@code spec}, unless it is the very response recorded last (a
     * forecast reused within its step is recorded once). A response of another model version than the one scored
     * starts the workload's record afresh first.
     */
    public void served(WorkloadSpec spec, ForecastResponse response) {
        Workload w = workload(spec);
        if (w.lastServed == response || response.points().isEmpty()) {
            return;
        }
        Forecast forecast = response.toView().forecast();
        String version = response.model() == null ? null : response.model().version();
        synchronized (w) {
            if (version != null && !version.equals(w.version)) {
                live.restart(spec);
                w.sources = new SourceLog(spec.step(), spec.horizonSteps());
                w.version = version;
            }
            live.record(spec, forecast);
            w.sources.record(forecast.start(), forecast.horizon(), response.source());
        }
        w.firstP50 = forecast.p50At(0);
        w.firstP90 = forecast.p90At(0);
        w.lastServed = response;
    }

    /**
     * Scores the forecasts served for {@code spec} against {@code actuals} (its history at its step, ideally the
     * two days before {@code at}) over {@code [at − 24h, at)} and {@code [at − 1h, at)}, and keeps the result.
     */
    public Scored score(WorkloadSpec spec, TimeSeries actuals, Instant at) {
        Workload w = workload(spec);
        newest(actuals).ifPresent(v -> w.newestActual = v);
        Scored scored;
        synchronized (w) {
            AccuracySnapshot snapshot = live.score(spec, actuals, at).withModelVersion(w.version);
            scored = new Scored(snapshot, w.sources.count(actuals, at, AccuracySnapshot.DAY),
                    w.sources.count(actuals, at, AccuracySnapshot.HOUR));
        }
        w.scored = scored;
        return scored;
    }

    /** Forgets what was served and scored for {@code workload}: it left the catalogue. */
    public void forget(String workload) {
        workloads.remove(workload);
    }

    /** The newest scoring of {@code workload} ({@code namespace/name}), if it was scored yet. */
    public Optional<Scored> latest(String workload) {
        Workload w = workloads.get(workload);
        return Optional.ofNullable(w == null ? null : w.scored);
    }

    /** The newest scoring as the {@code accuracy} of a {@code /forecast} response; null when not scored yet. */
    public ForecastResponse.Accuracy wire(String workload) {
        return latest(workload).map(s -> ForecastResponse.Accuracy.of(s.snapshot())).orElse(null);
    }

    /** p50 ({@code p90 = false}) or p90 of the first point of the newest forecast served; NaN before any. */
    public double firstPoint(String workload, boolean p90) {
        Workload w = workloads.get(workload);
        return w == null ? Double.NaN : p90 ? w.firstP90 : w.firstP50;
    }

    /** The newest known value of the history last scored; NaN before any. */
    public double newestActual(String workload) {
        Workload w = workloads.get(workload);
        return w == null ? Double.NaN : w.newestActual;
    }

    private Workload workload(WorkloadSpec spec) {
        return workloads.computeIfAbsent(spec.key(), k -> new Workload(spec));
    }

    private static Optional<Double> newest(TimeSeries series) {
        for (int i = series.size() - 1; i >= 0; i--) {
            if (!Double.isNaN(series.valueAt(i))) {
                return Optional.of(series.valueAt(i));
            }
        }
        return Optional.empty();
    }
}
