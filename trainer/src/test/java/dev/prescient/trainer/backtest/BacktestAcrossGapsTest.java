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
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real Twitter trace with a 3-day hole in the middle backtests without error, and its figures are exactly those
 * of its two halves backtested on their own, combined: U over the simulated minutes, Drop over the demand, Cost over
 * the pod-minutes (against the oracle's).
 */
class BacktestAcrossGapsTest {

    private static final int HOLE_FROM = 9 * 1440;
    private static final int HOLE_TO = 12 * 1440;
    private static final List<String> POLICIES = List.of("oracle", "hpa", "seasonal-naive", "prescient");

    private static TimeSeries whole;
    private static BacktestResult holed;
    private static BacktestResult first;
    private static BacktestResult second;

    @BeforeAll
    static void replay() {
        Path trace = Path.of(System.getProperty("prescient.traces.dir"), "twitter-2021-08-per-minute.csv");
        whole = new TraceHistorySource(trace, GapPolicy.defaults()).readAll(Duration.ofMinutes(1)).series();
        double[] v = whole.values();
        Arrays.fill(v, HOLE_FROM, HOLE_TO, Double.NaN);
        TimeSeries withHole = new TimeSeries(whole.start(), whole.step(), v);
        // a fixed C: the default (trace mean / 10) would differ between the halves
        BacktestOptions options = new BacktestOptions(POLICIES, 3, OptionalDouble.of(380), PrescientSetup.shipped("seasonal-naive"), 42);
        Backtest backtest = new Backtest(ForecasterRegistry.defaults(), EvaluationListener.none());
        holed = backtest.run("holed", withHole, options);
        first = backtest.run("first", whole.slice(0, HOLE_FROM), options);
        second = backtest.run("second", whole.slice(HOLE_TO, whole.size()), options);
    }

    @Test
    void theHoleSplitsTheTraceIntoTwoSegmentsEachWithItsOwnHistory() {
        assertThat(holed.scenario().segments()).containsExactly(new Segment(0, 3 * 1440, HOLE_FROM),
                new Segment(HOLE_TO, HOLE_TO + 3 * 1440, whole.size()));
        assertThat(holed.scenario().simulatedMinutes())
                .isEqualTo(first.scenario().simulatedMinutes() + second.scenario().simulatedMinutes());
    }

    @Test
    void figuresAreThoseOfTheTwoHalvesCombined() {
        for (String policy : POLICIES) {
            PolicyResult h = holed.policy(policy).orElseThrow();
            PolicyResult a = first.policy(policy).orElseThrow();
            PolicyResult b = second.policy(policy).orElseThrow();
            int na = first.scenario().simulatedMinutes();
            int nb = second.scenario().simulatedMinutes();
            double servedA = served(first);
            double servedB = served(second);
            long oracle = first.policy("oracle").orElseThrow().podMinutes()
                    + second.policy("oracle").orElseThrow().podMinutes();

            assertThat(h.underProvisionedPct()).as(policy + " U")
                    .isCloseTo((a.underProvisionedPct() * na + b.underProvisionedPct() * nb) / (na + nb), within(1e-9));
            assertThat(h.droppedPct()).as(policy + " Drop")
                    .isCloseTo((a.droppedPct() * servedA + b.droppedPct() * servedB) / (servedA + servedB), within(1e-9));
            assertThat(h.podMinutes()).as(policy + " pod-minutes").isEqualTo(a.podMinutes() + b.podMinutes());
            assertThat(h.costVsOracle()).as(policy + " cost")
                    .isCloseTo((double) (a.podMinutes() + b.podMinutes()) / oracle, within(1e-12));
            assertThat(h.scaleChanges()).as(policy + " changes").isEqualTo(a.scaleChanges() + b.scaleChanges());
        }
        assertThat(holed.prescientDecisions()).hasSize(first.prescientDecisions().size()
                + second.prescientDecisions().size());
    }

    @Test
    void nothingIsProvisionedOrCountedInTheHole() {
        PolicyResult hpa = holed.policy("hpa").orElseThrow();
        int from = HOLE_FROM - holed.scenario().firstMinute();
        int to = HOLE_TO + 3 * 1440 - holed.scenario().firstMinute();
        assertThat(Arrays.stream(hpa.total(), from, to).sum()).isZero();
        assertThat(holed.scenario().simulates(HOLE_FROM)).isFalse();
        assertThat(holed.scenario().simulates(HOLE_TO + 3 * 1440)).isTrue();
    }

    private static double served(BacktestResult r) {
        double sum = 0;
        for (Segment s : r.scenario().segments()) {
            for (int t = s.firstMinute(); t < s.endMinute(); t++) {
                sum += r.demand()[t];
            }
        }
        return sum;
    }
}
