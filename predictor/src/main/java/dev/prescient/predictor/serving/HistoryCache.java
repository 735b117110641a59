package dev.prescient.predictor.serving;

import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.series.HistoryException;
import dev.prescient.common.series.HistoryQuery;
import dev.prescient.common.series.HistorySource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The recent history of each workload, fetched once per workload and step: every request within the
 * same step (e.g. the same minute) reuses it; the next step's may be fetched ahead. The history covers {@code [stepStart - steps * step,
 * stepStart)} where {@code stepStart} is the current time rounded down to the step. Concurrent
 * requests for a step not yet fetched wait for one fetch instead of each querying the source; a failed
 * fetch is not kept, so the next request tries again.
 */
public final class HistoryCache {

    private record Entry(int steps, CompletableFuture<CachedHistory> result, AtomicBoolean claimed) {

        boolean serves(int wantedSteps) {
            return steps >= wantedSteps && !result.isCompletedExceptionally();
        }
    }

    private final HistorySource source;
    private final PredictorMetrics metrics;
    private final Clock clock;
    /** Per workload, the entries of the current and at most one neighbouring step. */
    private final ConcurrentMap<String, ConcurrentMap<Instant, Entry>> entries = new ConcurrentHashMap<>();

    public HistoryCache(HistorySource source, PredictorMetrics metrics, Clock clock) {
        this.source = source;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Drops what is kept for {@code workload}: it left the catalogue. */
    public void forget(String workload) {
        entries.remove(workload);
    }

    /**
     * The newest {@code steps} complete steps of {@code spec}'s series (at least that many).
     *
     * @throws HistoryException naming the query when the source fails
     */
    public CachedHistory get(WorkloadSpec spec, int steps) {
        return get(spec, steps, stepStart(clock.instant(), spec.step()));
    }

    /**
     * The {@code steps} steps before {@code stepStart}; the prefetcher asks for the next step's history
     * shortly before that step starts, when its last point is already known.
     *
     * @throws HistoryException naming the query when the source fails
     */
    public CachedHistory get(WorkloadSpec spec, int steps, Instant stepStart) {
        ConcurrentMap<Instant, Entry> byStep = entries.computeIfAbsent(spec.key(), k -> new ConcurrentHashMap<>());
        Entry entry = byStep.compute(stepStart, (start, current) -> current != null && current.serves(steps)
                ? current : new Entry(steps, new CompletableFuture<>(), new AtomicBoolean()));
        if (entry.claimed().compareAndSet(false, true)) {
            Instant oldest = stepStart.minus(spec.step());
            byStep.keySet().removeIf(start -> start.isBefore(oldest));
            fetch(spec, stepStart, entry, byStep);
        }
        try {
            return entry.result().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** The history of {@code stepStart} if it has been fetched already (never waits, never fetches). */
    public Optional<CachedHistory> peek(WorkloadSpec spec, int steps, Instant stepStart) {
        ConcurrentMap<Instant, Entry> byStep = entries.get(spec.key());
        Entry entry = byStep == null ? null : byStep.get(stepStart);
        if (entry == null || !entry.serves(steps) || !entry.result().isDone()) {
            return Optional.empty();
        }
        return Optional.ofNullable(entry.result().getNow(null));
    }

    private void fetch(WorkloadSpec spec, Instant stepStart, Entry entry, ConcurrentMap<Instant, Entry> byStep) {
        Instant from = stepStart.minus(spec.step().multipliedBy(entry.steps()));
        HistoryQuery query = new HistoryQuery(spec.query(), from, stepStart, spec.step());
        long started = System.nanoTime();
        try {
            CachedHistory history = new CachedHistory(source.fetch(query).series(), clock.instant());
            metrics.historyQueryTook(spec.key(), true, Duration.ofNanos(System.nanoTime() - started));
            entry.result().complete(history);
        } catch (RuntimeException e) {
            metrics.historyQueryTook(spec.key(), false, Duration.ofNanos(System.nanoTime() - started));
            byStep.remove(stepStart, entry);
            entry.result().completeExceptionally(e);
        }
    }

    /** {@code now} rounded down to a whole number of steps since the epoch. */
    static Instant stepStart(Instant now, Duration step) {
        long stepMs = step.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), stepMs) * stepMs);
    }
}
