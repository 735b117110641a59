package dev.prescient.trainer.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.prescient.common.forecast.ForecasterRegistry;
import dev.prescient.common.forecast.eval.EvaluationListener;
import dev.prescient.common.series.GapPolicy;
import dev.prescient.common.series.TimeSeries;
import dev.prescient.common.series.trace.TraceHistorySource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real Twitter trace with a two-hour scrape outage every two days: no stretch between outages is as long as the
 * history plus a day, so a backtest that split at every gap would refuse it. The outages are bridged instead, as a
 * running cluster lives through them: the trace is one segment, the outage minutes are neither simulated nor costed,
 * and the controllers decide through them seeing no demand.
 */
class BacktestBridgesShortGapsTest {

    private static final int EVERY = 2 * 1440;
    private static final int OUTAGE = 120;
    private static final List<String> POLICIES = List.of("oracle", "hpa", "prescient");

    private static double[] demand;
    private static BacktestResult result;
    private static final List<Segment.Gap> OUTAGES = new ArrayList<>();

    @BeforeAll
    static void replay() {
        Path trace = Path.of(System.getProperty("prescient.traces.dir"), "twitter-2021-08-per-minute.csv");
        TimeSeries whole = new TraceHistorySource(trace, GapPolicy.defaults()).readAll(Duration.ofMinutes(1)).series();
        demand = whole.values();
        for (int from = EVERY - 600; from + OUTAGE < demand.length; from += EVERY) {
            Arrays.fill(demand, from, from + OUTAGE, Double.NaN);
            OUTAGES.add(new Segment.Gap(from, from + OUTAGE));
        }
        BacktestOptions options = new BacktestOptions(POLICIES, 3, OptionalDouble.of(380),
                PrescientSetup.shipped("seasonal-naive"), 42);
        result = new Backtest(ForecasterRegistry.defaults(), EvaluationListener.none())
                .run("outages", new TimeSeries(whole.start(), whole.step(), demand), options);
    }

    @Test
    void theOutagesAreBridgedInsideOneSegment() {
        Segment only = result.scenario().segments().get(0);

        assertThat(result.scenario().segments()).hasSize(1);
        assertThat(only.gaps()).isEqualTo(OUTAGES);
        long outageMinutesSimulatedSpan = OUTAGES.stream().filter(g -> g.from() >= only.firstMinute())
                .count() * OUTAGE;
        assertThat(only.simulatedMinutes()).isEqualTo(only.spanMinutes() - outageMinutesSimulatedSpan);
        assertThat(OUTAGES.stream().filter(g -> g.from() >= only.firstMinute()).count()).isGreaterThanOrEqualTo(8);
    }

    @Test
    void theResultsAndTheReportNameTheGapsLivedThrough() {
        var gaps = ResultsJson.toJson(result).path("scenario").path("segments").path(0).path("gaps");

        assertThat(gaps).hasSize(OUTAGES.size());
        assertThat(gaps.path(0).path("minutes").asInt()).isEqualTo(OUTAGES.get(0).minutes());
        assertThat(gaps.path(0).path("from").asText()).isEqualTo(result.minuteZero()
                .plusSeconds(60L * OUTAGES.get(0).from()).toString());
        assertThat(ReportHtml.render(result)).contains("Gaps lived through (not simulated)")
                .contains(String.format(java.util.Locale.ROOT, "%d, %,d minutes", OUTAGES.size(), OUTAGES.size() * OUTAGE));
    }

    @Test
    void nothingIsCountedInAnOutageAndTheFiguresAreThoseOfTheKnownMinutes() {
        Scenario s = result.scenario();
        for (String policy : POLICIES) {
            PolicyResult p = result.policy(policy).orElseThrow();
            int under = 0;
            int known = 0;
            long pods = 0;
            for (int t = s.firstMinute(); t < s.endMinute(); t++) {
                int i = t - s.firstMinute();
                if (Double.isNaN(demand[t])) {
                    assertThat(p.total()[i]).as(policy + " pods at outage minute " + t).isZero();
                    assertThat(s.simulates(t)).isFalse();
                    continue;
                }
                known++;
                pods += p.total()[i];
                under += demand[t] > p.ready()[i] * s.capacityPerPod() + 1e-9 ? 1 : 0;
            }
            assertThat(known).isEqualTo(s.simulatedMinutes());
            assertThat(p.podMinutes()).as(policy + " pod-minutes").isEqualTo(pods);
            assertThat(p.underProvisionedPct()).as(policy + " U").isCloseTo(100.0 * under / known, within(1e-9));
            // C = 380 × 100 pods is beyond every minute: all are within reach, and the gaps are not minutes
            assertThat(result.underProvisionedWithinReachPct(p)).as(policy + " U within reach")
                    .isCloseTo(100.0 * under / known, within(1e-9));
        }
        assertThat(result.unreachablePct()).isZero();
        assertThat(result.policy("prescient").orElseThrow().podMinutes()).isPositive();
        assertThat(result.prescientDecisions()).isNotEmpty();
    }
}
