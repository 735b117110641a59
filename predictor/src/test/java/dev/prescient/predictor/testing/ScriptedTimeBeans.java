package dev.prescient.predictor.testing;

import dev.prescient.common.series.HistoryQuery;
import dev.prescient.common.series.RegularSeries;
import dev.prescient.common.series.SeriesQuality;
import dev.prescient.common.series.TimeSeries;
import dev.prescient.common.series.HistorySource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * For {@code @QuarkusTest}s that drive time: a clock the test sets and a history source with scripted
 * actuals in place of Prometheus. An alternative, so only the test profiles that enable it get it.
 */
@Alternative
@ApplicationScoped
public class ScriptedTimeBeans {

    /** A step start; the app starts ten seconds into it. */
    public static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");
    public static final Duration STEP = Duration.ofMinutes(5);
    /** The demand at and after {@link #T0}; 100 at every other step. */
    public static final Map<Instant, Double> ACTUALS = Map.of(T0, 110.0, T0.plus(STEP), 90.0,
            T0.plus(STEP.multipliedBy(2)), 160.0, T0.plus(STEP.multipliedBy(3)), 100.0,
            T0.plus(STEP.multipliedBy(4)), 80.0, T0.plus(STEP.multipliedBy(5)), 60.0);

    /** A clock that stands still where the test puts it. */
    public static final class SettableClock extends Clock {

        private final AtomicReference<Instant> now = new AtomicReference<>(T0.plusSeconds(10));

        public void set(Instant instant) {
            now.set(instant);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    @Produces
    @Singleton
    SettableClock clock() {
        return new SettableClock();
    }

    @Produces
    @Singleton
    HistorySource scriptedHistory() {
        return ScriptedTimeBeans::fetch;
    }

    static RegularSeries fetch(HistoryQuery query) {
        double[] values = new double[(int) query.steps()];
        for (int i = 0; i < values.length; i++) {
            values[i] = ACTUALS.getOrDefault(query.from().plus(query.step().multipliedBy(i)), 100.0);
        }
        return new RegularSeries(new TimeSeries(query.from(), query.step(), values), new SeriesQuality(0, 0, 0, 0, 0));
    }
}
