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
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reactive and proof-of-concept rows of the backtest on the real Twitter trace against figures an
 * independent implementation of the same scenario produced (hpa: U 3.5 %, Drop 5.8 %, Cost 1.43;
 * seed-arima: U 30.7 %, Cost 1.21), within the tolerances the scenario allows (±10 % and ±15 % relative).
 */
class BacktestOnTwitterTraceTest {

    private static Map<String, PolicyResult> rows;

    @BeforeAll
    static void replay() {
        Path trace = Path.of(System.getProperty("prescient.traces.dir"), "twitter-2021-08-per-minute.csv");
        TimeSeries series = new TraceHistorySource(trace, GapPolicy.defaults()).readAll(Duration.ofMinutes(1)).series();
        BacktestOptions options = new BacktestOptions(List.of("oracle", "hpa", "seed-arima"), 3, OptionalDouble.empty(),
                PrescientSetup.recommended(), 42);
        BacktestResult result = new Backtest(ForecasterRegistry.defaults(), EvaluationListener.none())
                .run(trace.toString(), series, options);
        rows = result.policies().stream().collect(Collectors.toMap(PolicyResult::name, Function.identity()));
        assertThat(result.scenario().capacityPerPod()).isCloseTo(381.58, within(0.01));
        assertThat(result.scenario().simulatedMinutes()).isEqualTo(31651 - 3 * 1440);
    }

    @Test
    void hpaRowMatchesTheReferenceImplementation() {
        PolicyResult hpa = rows.get("hpa");
        assertThat(hpa.underProvisionedPct()).isCloseTo(3.5, within(0.35));
        assertThat(hpa.droppedPct()).isCloseTo(5.8, within(0.58));
        assertThat(hpa.costVsOracle()).isCloseTo(1.43, within(0.143));
    }

    @Test
    void seedArimaRowMatchesTheReferenceImplementation() {
        PolicyResult arima = rows.get("seed-arima");
        assertThat(arima.underProvisionedPct()).isCloseTo(30.7, within(30.7 * 0.15));
        assertThat(arima.costVsOracle()).isCloseTo(1.21, within(1.21 * 0.15));
    }

    @Test
    void oracleIsNeverShortAndCostsOne() {
        PolicyResult oracle = rows.get("oracle");
        assertThat(oracle.underProvisionedPct()).isZero();
        assertThat(oracle.costVsOracle()).isEqualTo(1.0);
    }
}
