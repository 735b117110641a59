package dev.prescient.actuator.loop;

import dev.prescient.actuator.testing.Fixtures;
import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.ObservedDemand;
import dev.prescient.common.policy.PolicySettings;
import dev.prescient.common.series.HistoryQuery;
import dev.prescient.common.series.HistorySource;
import dev.prescient.common.series.RegularSeries;
import dev.prescient.common.series.SeriesQuality;
import dev.prescient.common.series.TimeSeries;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The observed demand kept between ticks: after the first tick, a tick asks only for the steps since the last one and
 * the newest {@link DemandHistory#REFRESH_STEPS} again, and the policy's guard comes out exactly as from a full query.
 */
class DemandHistoryTest {

    private static final Instant T0 = Instant.parse("2026-11-27T12:00:00Z");
    private static final Duration STEP = Duration.ofMinutes(1);
    private static final WorkloadSpec SPEC = Fixtures.spec("demand", "api", ScalingMode.HPA_FLOOR, 1, 20);

    /** Demand that follows a daily cycle, with values the test may change afterwards (late samples). */
    private static final class Source implements HistorySource {
        final List<HistoryQuery> queries = new ArrayList<>();
        final Map<Instant, Double> late = new HashMap<>();

        double at(Instant t) {
            return late.getOrDefault(t, 300 + 200 * Math.sin(2 * Math.PI * (t.getEpochSecond() % 86_400) / 86_400.0));
        }

        @Override
        public RegularSeries fetch(HistoryQuery query) {
            queries.add(query);
            int n = (int) query.steps();
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                values[i] = at(query.from().plus(query.step().multipliedBy(i)));
            }
            return new RegularSeries(new TimeSeries(query.from(), query.step(), values), new SeriesQuality(n, 0, 0, 0, 0));
        }
    }

    @Test
    void aLaterTickAsksOnlyForTheNewestMinutesAndSeesWhatAFullQuerySees() {
        Source source = new Source();
        DemandObserver kept = new DemandObserver(Optional.of(source), PolicySettings.defaults());
        Duration reach = kept.reach(STEP);

        kept.observe(SPEC, T0, Duration.ofMinutes(3));
        assertThat(source.queries).hasSize(1);
        assertThat(source.queries.get(0).steps()).isEqualTo(reach.toMinutes());

        Instant later = T0.plus(Duration.ofMinutes(5));
        source.late.put(later.minus(Duration.ofMinutes(8)), 9_000.0);
        var observed = kept.observe(SPEC, later, Duration.ofMinutes(3));

        assertThat(source.queries).hasSize(2);
        HistoryQuery newest = source.queries.get(1);
        assertThat(newest.from()).isEqualTo(T0.minus(Duration.ofMinutes(DemandHistory.REFRESH_STEPS)));
        assertThat(newest.steps()).as("5 new steps and 10 again").isEqualTo(15);
        assertThat(observed).as("the guard from kept + newest equals the guard from one full query")
                .isEqualTo(ObservedDemand.from(fullSeries(source, later, reach), later, Duration.ofMinutes(3),
                        PolicySettings.defaults()));
        assertThat(observed.historyPeak()).as("a late sample within the refreshed steps is seen").isEqualTo(9_000.0);
    }

    @Test
    void aTickOffTheKeptGridOrAfterAGapLongerThanTheReachAsksForTheWholeReach() {
        Source source = new Source();
        DemandObserver kept = new DemandObserver(Optional.of(source), PolicySettings.defaults());
        Duration reach = kept.reach(STEP);
        kept.observe(SPEC, T0, Duration.ofMinutes(3));

        kept.observe(SPEC, T0.plus(Duration.ofSeconds(330)), Duration.ofMinutes(3));
        assertThat(source.queries.get(1).steps()).as("30 s off the grid").isEqualTo(reach.toMinutes());

        Instant jitter = T0.plus(Duration.ofSeconds(630)).plusMillis(400);
        kept.observe(SPEC, jitter, Duration.ofMinutes(3));
        assertThat(source.queries.get(2).steps()).as("400 ms off the grid reuses it").isLessThan(20);

        kept.observe(SPEC, T0.plus(Duration.ofDays(9)), Duration.ofMinutes(3));
        assertThat(source.queries.get(3).steps()).as("after a gap longer than the reach").isEqualTo(reach.toMinutes());
    }

    private static TimeSeries fullSeries(Source source, Instant now, Duration reach) {
        List<HistoryQuery> before = new ArrayList<>(source.queries);
        TimeSeries full = source.fetch(new HistoryQuery(SPEC.query(), now.minus(reach), now, STEP)).series();
        source.queries.clear();
        source.queries.addAll(before);
        return full;
    }
}
