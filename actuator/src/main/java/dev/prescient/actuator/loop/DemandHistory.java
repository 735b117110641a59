package dev.prescient.actuator.loop;

import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.series.HistoryQuery;
import dev.prescient.common.series.HistorySource;
import dev.prescient.common.series.SeriesSplice;
import dev.prescient.common.series.TimeSeries;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each workload's observed demand over the reach the policy's guard needs (7 days and a bit), kept between ticks so
 * a tick asks the history source only for the newest minutes: the steps since the last tick plus the newest
 * {@link #REFRESH_STEPS} again (samples that arrived late, rate windows that were still filling). The rest is taken
 * from the series kept, on its grid: a tick whose window starts within {@link #TOLERANCE} of a step of the kept grid
 * reuses it (ticks five minutes apart fire a few milliseconds off); any other tick, the first, and one after a gap
 * longer than the reach fetch the whole reach again, as before. An older gap in the kept series stays a gap.
 */
final class DemandHistory {

    /** Newest steps asked for again at every tick. */
    static final int REFRESH_STEPS = 10;
    /** How far a tick's window may start off the kept grid and still reuse it. */
    static final Duration TOLERANCE = Duration.ofSeconds(1);

    private final HistorySource source;
    private final Map<String, TimeSeries> kept = new ConcurrentHashMap<>();

    DemandHistory(HistorySource source) {
        this.source = source;
    }

    /** The workload's demand over [from, now) at its step, from the kept series and the newest minutes. */
    TimeSeries series(WorkloadSpec spec, Instant from, Instant now) {
        TimeSeries old = kept.get(spec.key());
        TimeSeries fresh = old == null ? null : extend(spec, old, from, now);
        if (fresh == null) {
            fresh = source.fetch(new HistoryQuery(spec.query(), from, now, spec.step())).series();
        }
        kept.put(spec.key(), fresh);
        return fresh;
    }

    /** The kept series moved to [≈from, now) with the newest steps fetched, or null when it cannot be reused. */
    private TimeSeries extend(WorkloadSpec spec, TimeSeries old, Instant from, Instant now) {
        long stepMs = spec.step().toMillis();
        if (!old.step().equals(spec.step())) {
            return null;
        }
        long offset = Duration.between(old.start(), from).toMillis();
        long k = Math.floorDiv(offset + TOLERANCE.toMillis(), stepMs);
        if (k < 0 || Math.abs(offset - k * stepMs) > TOLERANCE.toMillis()) {
            return null;
        }
        Instant start = old.start().plus(spec.step().multipliedBy(k));
        if (!old.end().isAfter(start) || !now.isAfter(start)) {
            return null;
        }
        Instant refreshFrom = old.end().minus(spec.step().multipliedBy(REFRESH_STEPS));
        if (refreshFrom.isBefore(start)) {
            refreshFrom = start;
        }
        TimeSeries newest = refreshFrom.isBefore(now)
                ? source.fetch(new HistoryQuery(spec.query(), refreshFrom, now, spec.step())).series() : null;
        return SeriesSplice.splice(old, newest, start, now);
    }
}
