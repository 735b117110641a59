package dev.prescient.trainer.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.prescient.trainer.backtest.HpaFrontier.FrontierPoint;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HpaFrontierTest {

    /** Window 5: cost 1.2 → U 4, cost 1.6 → U 2, cost 2.0 → U 1; window 1 lies higher except at cost 1.0. */
    private static final HpaFrontier FRONTIER = new HpaFrontier(List.of(
            new FrontierPoint(0.8, 5, 4, 8, 1.2, 10),
            new FrontierPoint(0.4, 5, 1, 2, 2.0, 10),
            new FrontierPoint(0.6, 5, 2, 4, 1.6, 10),
            new FrontierPoint(0.9, 1, 6, 9, 1.0, 20),
            new FrontierPoint(0.5, 1, 3, 5, 1.8, 20)));

    @ParameterizedTest
    @CsvSource({
        // between window-5 points: linear interpolation along the curve sorted by cost
        "1.4, 3.0, 6.0",
        "1.6, 2.0, 4.0",
        "1.8, 1.5, 3.0",
        // below window 5's cheapest point its endpoint figure holds (4), but window 1 interpolates lower only
        // where it is lower: at 1.1 window 1 gives 6 - 0.125 × 3 = 5.625, so window 5's 4 wins
        "1.1, 4.0, 8.0",
        // beyond the costliest point: its figure
        "2.5, 1.0, 2.0",
        // far below every point: the lower endpoint figure of the two windows (window 5's 4 vs window 1's 6)
        "0.5, 4.0, 8.0"})
    void lowestUAndDropAtACostAcrossWindows(double cost, double u, double drop) {
        HpaFrontier.Comparison c = FRONTIER.at(cost);
        assertThat(c.hpaUAtSameCost()).isCloseTo(u, within(1e-9));
        assertThat(c.hpaDropAtSameCost()).isCloseTo(drop, within(1e-9));
    }

    @Test
    void aPolicyIsBelowOnlyWhenItBeatsBothFigures() {
        HpaFrontier.Comparison c = FRONTIER.at(1.6);
        assertThat(c.below(1.9, 3.9)).isTrue();
        assertThat(c.below(1.9, 4.1)).isFalse();
        assertThat(c.below(2.0, 3.0)).isFalse();
    }

    @Test
    void targetsRunFromThirtyToNinetyFivePercentInFives() {
        assertThat(HpaFrontier.targets()).hasSize(14).startsWith(0.30, 0.35).endsWith(0.95);
    }

    @Test
    void measuresEveryTargetAndWindowOnTheSimulatorAndContainsTheStandardHpa() {
        BacktestResult r = SyntheticBacktest.result("synthetic.csv");
        Simulator sim = new Simulator(r.demand(), r.scenario());
        PolicyResult oracle = sim.oracle();

        HpaFrontier f = HpaFrontier.measure(sim, oracle.podMinutes());

        assertThat(f.points()).hasSize(28);
        PolicyResult hpa = r.policy("hpa").orElseThrow();
        FrontierPoint standard = f.points().stream().filter(p -> p.target() == 0.7 && p.windowMinutes() == 5)
                .findFirst().orElseThrow();
        assertThat(standard.underProvisionedPct()).isEqualTo(hpa.underProvisionedPct());
        assertThat(standard.droppedPct()).isEqualTo(hpa.droppedPct());
        assertThat(standard.costVsOracle()).isEqualTo(hpa.costVsOracle());
        assertThat(standard.scaleChanges()).isEqualTo(hpa.scaleChanges());
        // a lower target costs more and is short no more often, for the same window
        FrontierPoint low = f.points().stream().filter(p -> p.target() == 0.3 && p.windowMinutes() == 5)
                .findFirst().orElseThrow();
        assertThat(low.costVsOracle()).isGreaterThan(standard.costVsOracle());
        assertThat(low.underProvisionedPct()).isLessThanOrEqualTo(standard.underProvisionedPct());
    }
}
