package dev.prescient.predictor.serving;

import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.series.HistoryException;
import dev.prescient.common.series.HistoryQuery;
import dev.prescient.common.series.HistorySource;
import dev.prescient.common.series.SeriesSplice;
import dev.prescient.common.series.TimeSeries;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The recent history of each workload, fetched once per workload and step: every request within the
 * same step (e.g. the same minute) reuses it; the next step's may be fetched ahead. The history covers {@code [stepStart - steps * step,
 * stepStart)} where {@code stepStart} is the current time rounded down to the step. Concurrent
 * requests for a step not yet fetched wait for one fetch instead of each querying the source; a failed
 * fetch is not kept, so the next request tries again.
 *
 * <p>Incremental: when the workload's history of an earlier step is kept and covers the start of the new range,
 * only the newest part is queried, from {@code refetch} (rounded up to whole steps) and one step more before the
 * kept history's end to the new step start, and spliced onto the kept values ({@link SeriesSplice}). The refetched
 * overlap replaces what was kept there, so samples that arrived late or a rate that was still moving are corrected;
 * where the overlap came back as a gap but was kept as a value (a short gap the source interpolated with a
 * neighbour outside the overlap), the kept value stays. Anything else (nothing kept, a longer need, a changed step,
 * a query of the newest part refused for good) fetches the whole range, so 5,000 workloads cost 5,000 small
 * queries a step instead of 5,000 two-day ones.
 */
public final class HistoryCache {

    private static final Logger LOG = Logger.getLogger(HistoryCache.class);

    private record Entry(int steps, CompletableFuture<CachedHistory> result, AtomicBoolean claimed) {

        boolean serves(int wantedSteps) {
            return steps >= wantedSteps && !result.isCompletedExceptionally();
        }
    }

    private final HistorySource source;
    private final PredictorMetrics metrics;
    private final Clock clock;
    private final Duration refetch;
    /** Per workload, the entries of the current and at most one neighbouring step. */
    private final ConcurrentMap<String, ConcurrentMap<Instant, Entry>> entries = new ConcurrentHashMap<>();

    /**
     * @param refetch how much of the kept history is queried again with each step's newest part (one step more is);
     *                at least the source's longest interpolated gap, so a gap at the edge is filled as a whole fetch
     *                fills it
     */
    public HistoryCache(HistorySource source, PredictorMetrics metrics, Clock clock, Duration refetch) {
        if (refetch == null || refetch.isNegative()) {
            throw new IllegalArgumentException("history refetch must be zero or positive, got " + refetch);
        }
        this.source = source;
        this.metrics = metrics;
        this.clock = clock;
        this.refetch = refetch;
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
            fetch(spec, stepStart, entry, byStep);
            Instant oldest = stepStart.minus(spec.step());
            byStep.keySet().removeIf(start -> start.isBefore(oldest));
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
        try {
            TimeSeries kept = kept(byStep, stepStart, from, spec.step());
            TimeSeries series = kept == null ? query(spec, from, stepStart) : extend(spec, kept, from, stepStart);
            entry.result().complete(new CachedHistory(series, clock.instant()));
        } catch (RuntimeException e) {
            byStep.remove(stepStart, entry);
            entry.result().completeExceptionally(e);
        }
    }

    /**
     * The newest history kept for a step before {@code stepStart} that covers {@code from} at {@code step}, or null
     * (none, or the workload's step was changed since).
     */
    private static TimeSeries kept(ConcurrentMap<Instant, Entry> byStep, Instant stepStart, Instant from,
                                   Duration step) {
        TimeSeries newest = null;
        for (Map.Entry<Instant, Entry> e : byStep.entrySet()) {
            CompletableFuture<CachedHistory> result = e.getValue().result();
            if (!e.getKey().isBefore(stepStart) || !result.isDone() || result.isCompletedExceptionally()) {
                continue;
            }
            TimeSeries series = result.join().series();
            if (series.step().equals(step) && !series.start().isAfter(from) && series.end().isAfter(from)
                    && (newest == null || series.end().isAfter(newest.end()))) {
                newest = series;
            }
        }
        return newest;
    }

    /**
     * {@code [from, stepStart)} from {@code kept} and a query of the newest part; a whole fetch when that query is
     * refused for good (e.g. no series in the newest minutes: the whole fetch then says what the source says), not
     * when the source is down or slow (a transient failure is reported as it is).
     */
    private TimeSeries extend(WorkloadSpec spec, TimeSeries kept, Instant from, Instant stepStart) {
        Duration step = spec.step();
        long overlap = 1 - Math.floorDiv(-refetch.toMillis(), step.toMillis());
        Instant tailFrom = kept.end().minus(step.multipliedBy(overlap));
        if (tailFrom.isBefore(from)) {
            tailFrom = from;
        }
        TimeSeries tail;
        try {
            tail = query(spec, tailFrom, stepStart);
        } catch (HistoryException e) {
            if (e.isTransient()) {
                throw e; // the source is down or slow: a whole fetch would only wait for it again
            }
            LOG.debugf("the newest history of %s failed (%s); fetching all of it", spec.key(), e.getMessage());
            return query(spec, from, stepStart);
        }
        return SeriesSplice.splice(kept, tail, from, stepStart);
    }

    private TimeSeries query(WorkloadSpec spec, Instant from, Instant to) {
        HistoryQuery query = new HistoryQuery(spec.query(), from, to, spec.step());
        long started = System.nanoTime();
        try {
            TimeSeries series = source.fetch(query).series();
            metrics.historyQueryTook(spec.key(), true, Duration.ofNanos(System.nanoTime() - started));
            return series;
        } catch (RuntimeException e) {
            metrics.historyQueryTook(spec.key(), false, Duration.ofNanos(System.nanoTime() - started));
            throw e;
        }
    }

    /** {@code now} rounded down to a whole number of steps since the epoch. */
    static Instant stepStart(Instant now, Duration step) {
        long stepMs = step.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), stepMs) * stepMs);
    }
}
