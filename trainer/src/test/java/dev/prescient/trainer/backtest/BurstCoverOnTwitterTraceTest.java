package dev.prescient.trainer.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prescient.common.forecast.ForecasterRegistry;
import dev.prescient.common.forecast.eval.EvaluationListener;
import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.series.GapPolicy;
import dev.prescient.common.series.TimeSeries;
import dev.prescient.common.series.trace.TraceHistorySource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The recurring-burst cover on real traffic: the Twitter trace's bursts at :02 and :32 of some hours. With a
 * forecaster that cannot see them (seasonal naive, fast enough for a unit test), the same recommended setup with
 * the cover is short of capacity in far fewer minutes than without it, and drops far fewer requests, for a
 * bounded extra cost.
 */
class BurstCoverOnTwitterTraceTest {

    private static PolicyResult with;
    private static PolicyResult without;
    private static List<TimedDecision> decisions;

    @BeforeAll
    static void replay() {
        Path trace = Path.of(System.getProperty("prescient.traces.dir"), "twitter-2021-08-per-minute.csv");
        TimeSeries series = new TraceHistorySource(trace, GapPolicy.defaults()).readAll(Duration.ofMinutes(1)).series();
        PrescientSetup setup = PrescientSetup.recommended("seasonal-naive", ScalingMode.HPA_FLOOR,
                PrescientSetup.RECOMMENDED_TARGET_UTILIZATION, PrescientSetup.RECOMMENDED_HPA_TARGET);
        BacktestResult on = run(series, trace, setup);
        BacktestResult off = run(series, trace, setup.withBursts(Optional.empty()));
        with = on.policies().stream().filter(p -> p.name().equals("prescient")).findFirst().orElseThrow();
        without = off.policies().stream().filter(p -> p.name().equals("prescient")).findFirst().orElseThrow();
        decisions = on.prescientDecisions();
    }

    private static BacktestResult run(TimeSeries series, Path trace, PrescientSetup setup) {
        BacktestOptions options = new BacktestOptions(List.of("oracle", "prescient"), 3, OptionalDouble.empty(),
                setup, 42);
        return new Backtest(ForecasterRegistry.defaults(), EvaluationListener.none()).run(trace.toString(), series,
                options);
    }

    @Test
    void coverCutsTheMinutesShortAndTheDroppedRequestsForABoundedCost() {
        System.out.printf("burst cover on seasonal-naive: with %.2f / %.2f / %.3f, without %.2f / %.2f / %.3f%n",
                with.underProvisionedPct(), with.droppedPct(), with.costVsOracle(), without.underProvisionedPct(),
                without.droppedPct(), without.costVsOracle());
        assertThat(with.underProvisionedPct()).isLessThan(0.75 * without.underProvisionedPct());
        assertThat(with.droppedPct()).isLessThan(0.75 * without.droppedPct());
        assertThat(with.costVsOracle()).isLessThan(without.costVsOracle() + 0.2);
    }

    @Test
    void decisionsNameTheBurstTheyCover() {
        assertThat(decisions).anySatisfy(d -> assertThat(d.decision().reason())
                .containsPattern("recurring burst expected from \\d\\d:(02|32|05|35)"));
    }
}
