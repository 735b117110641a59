package dev.prescient.trainer.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prescient.common.forecast.ForecasterRegistry;
import dev.prescient.common.forecast.eval.EvaluationListener;
import dev.prescient.common.series.TimeSeries;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

import org.junit.jupiter.api.Test;

/**
 * A whole backtest of the synthetic trace with the seasonal-naive forecaster behind Prescient and the demand tripled
 * from the start of the last simulated day: the day-ago forecasts then miss, the prescient row is demoted, and the
 * prescient-no-demotion row replays the same forecasts without demotion.
 */
class BacktestDemotionTest {

    @Test
    void demotesAfterTheRegimeChangeAndComparesWithTheSameForecastsUndemoted() {
        TimeSeries series = new TimeSeries(SyntheticBacktest.MINUTE_ZERO, Duration.ofMinutes(1),
                SyntheticBacktest.demand());
        Instant change = SyntheticBacktest.MINUTE_ZERO.plus(Duration.ofDays(4));
        PrescientSetup setup = PrescientSetup.shipped("seasonal-naive");
        BacktestOptions options = new BacktestOptions(List.of("oracle", "hpa", "prescient",
                BacktestOptions.PRESCIENT_NO_DEMOTION), 3, OptionalDouble.of(SyntheticBacktest.C), setup, 42,
                List.of(new ScaleInjection(change, 3)), Optional.empty());

        BacktestResult r = new Backtest(ForecasterRegistry.defaults(), EvaluationListener.none())
                .run("synthetic.csv", series, options);

        assertThat(r.policies()).extracting(PolicyResult::name)
                .containsExactly("oracle", "hpa", "prescient", "prescient-no-demotion");
        assertThat(r.demotions()).isNotEmpty();
        DemotionInterval first = r.demotions().get(0);
        assertThat(first.fromMinute()).isGreaterThanOrEqualTo(4 * 1440);
        assertThat(first.reason()).contains("over the last 24h is");
        assertThat(r.judgedAccuracy()).hasValueSatisfying(a -> assertThat(a.judgements()).isPositive());
        assertThat(r.prescientDecisions()).filteredOn(d -> d.minute() >= first.fromMinute()
                        && d.minute() < first.toMinute()).as("the demoted row held instead of using the forecasts")
                .isNotEmpty().allSatisfy(d -> assertThat(d.decision().holdReason())
                        .contains(dev.prescient.common.policy.HoldReason.DEMOTED));
        assertThat(r.periodFigures()).extracting(PeriodFigures::policy).contains("prescient-no-demotion");
    }
}
