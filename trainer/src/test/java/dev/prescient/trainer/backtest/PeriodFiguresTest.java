package dev.prescient.trainer.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.prescient.common.forecast.ForecasterRegistry;
import dev.prescient.common.forecast.eval.EvaluationListener;
import dev.prescient.common.series.TimeSeries;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

class PeriodFiguresTest {

    @Test
    void aPeriodFromTheFirstSimulatedMinuteHasTheWholeRunsFigures() {
        BacktestResult r = SyntheticBacktest.result("synthetic.csv");

        List<PeriodFigures> period = PeriodFigures.of(r, 0);

        for (int i = 0; i < r.policies().size(); i++) {
            PolicyResult whole = r.policies().get(i);
            PeriodFigures f = period.get(i);
            assertThat(f.policy()).isEqualTo(whole.name());
            assertThat(f.fromMinute()).isEqualTo(SyntheticBacktest.T0);
            assertThat(f.underProvisionedPct()).isCloseTo(whole.underProvisionedPct(), within(1e-9));
            assertThat(f.droppedPct()).isCloseTo(whole.droppedPct(), within(1e-9));
            assertThat(f.podMinutes()).isEqualTo(whole.podMinutes());
            assertThat(f.costVsOracle()).isCloseTo(whole.costVsOracle(), within(1e-9));
        }
    }

    /**
     * Four simulated minutes with demand 100, 300, 300, 100 and C = 100. A policy with 2 ready pods throughout, 3 in
     * total in the last two minutes: from minute 2 on it is short once (300 > 200, 100 dropped of 400 served: 25 %),
     * in 1 of 2 minutes, with 6 pod-minutes against the oracle's 3 + 1 (ready ahead for the 300, then 1).
     */
    @Test
    void countsOnlyTheMinutesOfThePeriod() {
        double[] demand = {100, 100, 300, 300, 100, 100};
        Scenario s = new Scenario(100, 1, 1, 1, 5);
        PolicyResult p = new PolicyResult("p", 0, 0, 0, 0, 0, new int[] {2, 2, 2, 2}, new int[] {2, 2, 3, 3});
        BacktestResult r = new BacktestResult("t", Instant.EPOCH, s, demand, List.of(p), Map.of(), Map.of(), List.of());

        PeriodFigures f = PeriodFigures.of(r, 3).get(0);

        assertThat(f.fromMinute()).isEqualTo(3);
        assertThat(f.underProvisionedPct()).isEqualTo(50.0);
        assertThat(f.droppedPct()).isEqualTo(25.0);
        assertThat(f.podMinutes()).isEqualTo(6);
        assertThat(f.costVsOracle()).isCloseTo(6.0 / 4, within(1e-12));
    }

    /** The injection reaches every policy and the period, while C stays the recorded trace's mean / 10. */
    @Test
    void appliesTheInjectionBeforeEveryPolicyAndReportsFromItsInstant() {
        double[] recorded = SyntheticBacktest.demand();
        TimeSeries series = new TimeSeries(SyntheticBacktest.MINUTE_ZERO, Duration.ofMinutes(1), recorded);
        Instant at = SyntheticBacktest.MINUTE_ZERO.plus(Duration.ofDays(4));
        BacktestOptions options = new BacktestOptions(List.of("oracle", "hpa"), 3, OptionalDouble.empty(),
                PrescientSetup.shipped(), 42, List.of(new ScaleInjection(at, 2)), Optional.empty());

        BacktestResult r = new Backtest(ForecasterRegistry.defaults(), EvaluationListener.none())
                .run("synthetic.csv", series, options);

        double mean = java.util.Arrays.stream(recorded).average().orElseThrow();
        assertThat(r.scenario().capacityPerPod()).isCloseTo(mean / 10, within(1e-9));
        assertThat(r.demand()[4 * 1440 - 1]).isEqualTo(recorded[4 * 1440 - 1]);
        assertThat(r.demand()[4 * 1440]).isEqualTo(2 * recorded[4 * 1440]);
        assertThat(r.periodFromMinute()).isEqualTo(OptionalInt.of(4 * 1440));
        assertThat(r.injections()).containsExactly(new ScaleInjection(at, 2));
        PeriodFigures hpa = r.periodFigures().get(1);
        assertThat(hpa.policy()).isEqualTo("hpa");
        assertThat(hpa.fromMinute()).isEqualTo(4 * 1440);
    }
}
