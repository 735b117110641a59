package dev.prescient.common.accuracy;

import dev.prescient.common.forecast.Forecast;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.series.TimeSeries;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link ForecastScorer} per workload, for a service that serves many: record each forecast as it is served,
 * score when fresh actuals are at hand, read the latest snapshot anywhere (metrics, REST). Thread-safe. A
 * workload's scorer is created at its first forecast and replaced (its record dropped) when the workload's step or
 * horizon changes; {@link #retain} forgets workloads that left the configuration.
 */
public final class LiveAccuracy {

    private final int minLeadSteps;
    private final Map<String, ForecastScorer> scorers = new ConcurrentHashMap<>();
    private final Map<String, AccuracySnapshot> latest = new ConcurrentHashMap<>();

    /** @param minLeadSteps see {@link ForecastScorer#ForecastScorer(java.time.Duration, int, int)}; capped at a horizon */
    public LiveAccuracy(int minLeadSteps) {
        if (minLeadSteps < 1) {
            throw new IllegalArgumentException("accuracy minimum lead must be at least 1 step, got " + minLeadSteps);
        }
        this.minLeadSteps = minLeadSteps;
    }

    /** Each step judged by the newest forecast made before it. */
    public LiveAccuracy() {
        this(1);
    }

    /** Remembers a forecast served for {@code spec}; its step must be the workload's. */
    public void record(WorkloadSpec spec, Forecast forecast) {
        scorer(spec).record(forecast);
    }

    /**
     * Scores the workload's recorded forecasts (see {@link ForecastScorer#score}) and keeps the result as its latest
     * snapshot. A workload with nothing recorded gets an empty snapshot.
     */
    public AccuracySnapshot score(WorkloadSpec spec, TimeSeries actuals, Instant at) {
        AccuracySnapshot snapshot = scorer(spec).score(actuals, at);
        latest.put(spec.key(), snapshot);
        return snapshot;
    }

    /** The snapshot of the last {@link #score} for {@code workload} ({@code namespace/name}). */
    public Optional<AccuracySnapshot> latest(String workload) {
        return Optional.ofNullable(latest.get(workload));
    }

    /**
     * Drops what was recorded and scored for {@code spec}: its next snapshot counts only forecasts recorded from now
     * on (e.g. those of a newly served model version).
     */
    public void restart(WorkloadSpec spec) {
        int horizon = spec.horizonSteps();
        scorers.put(spec.key(), new ForecastScorer(spec.step(), horizon, Math.min(minLeadSteps, horizon)));
        latest.remove(spec.key());
    }

    /** Forgets every workload whose key is not in {@code workloads}. */
    public void retain(Collection<String> workloads) {
        scorers.keySet().retainAll(workloads);
        latest.keySet().retainAll(workloads);
    }

    /** Number of workloads with a scorer. */
    public int size() {
        return scorers.size();
    }

    private ForecastScorer scorer(WorkloadSpec spec) {
        int horizon = spec.horizonSteps();
        return scorers.compute(spec.key(), (k, s) -> s != null && s.step().equals(spec.step())
                && s.horizonSteps() == horizon ? s
                : new ForecastScorer(spec.step(), horizon, Math.min(minLeadSteps, horizon)));
    }
}
