package dev.prescient.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

@QuarkusMainTest
class TrainerCommandTest {

    @Test
    @Launch({"forecast-bench", "--help"})
    void forecastBenchIsASubcommandOfTheTrainer(LaunchResult result) {
        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).contains("Usage: prescient-trainer forecast-bench", "--origin-every",
                "--refit-every", "--forecasters");
    }

    @Test
    @Launch({"backtest", "--help"})
    void backtestOffersTheSloAndTheActuatorsShippedSettings(LaunchResult result) {
        assertThat(result.exitCode()).isZero();
        String help = result.getOutput().replaceAll("\\s+", " ");
        assertThat(help).contains("--slo=PCT", "(default 1.0)", "--decision-interval", "(default 5m, as shipped)",
                "--scale-up-max-percent", "(default 100, as shipped)", "--scale-down-stabilization", "--signal",
                "--history", "--forecast-cache", "--thin-to", "--thin-per=minute|step", "--thin-visit-size=K");
        assertThat(help).doesNotContain("--burst-cost-weight", "--prescient-quantile", "--hpa-target");
    }

    @Test
    @Launch(value = {"backtest", "--trace", "unused.csv", "--thin-to", "10", "--thin-per", "hour"}, exitCode = 2)
    void backtestRejectsAThinningPlaceItDoesNotKnow(LaunchResult result) {
        assertThat(result.getErrorOutput())
                .contains("Invalid value for option '--thin-per': expected minute or step, got 'hour'");
    }

    @Test
    @Launch(value = {"backtest", "--trace", "unused.csv", "--thin-per", "step"}, exitCode = 2)
    void backtestRejectsAThinningPlaceWithoutAThinning(LaunchResult result) {
        assertThat(result.getErrorOutput()).contains("--thin-per says where --thin-to draws; give --thin-to MEAN");
    }

    @Test
    @Launch(value = {"backtest", "--trace", "unused.csv", "--thin-to", "40", "--thin-visit-size", "0.5"}, exitCode = 2)
    void backtestRejectsAVisitOfLessThanOneRequest(LaunchResult result) {
        assertThat(result.getErrorOutput()).contains("Invalid value for option '--thin-visit-size': 0.5 requests a "
                + "visit; give a number >= 1");
    }

    @Test
    @Launch(value = {"backtest", "--trace", "unused.csv", "--thin-visit-size", "6"}, exitCode = 2)
    void backtestRejectsAVisitSizeWithoutAThinning(LaunchResult result) {
        assertThat(result.getErrorOutput()).contains("--thin-visit-size says how --thin-to draws; give --thin-to MEAN");
    }

    @Test
    @Launch(value = {"backtest", "--trace", "unused.csv", "--decision-interval", "0m"}, exitCode = 2)
    void backtestRejectsADecisionIntervalBelowAMinute(LaunchResult result) {
        assertThat(result.getErrorOutput())
                .contains("Invalid value for option '--decision-interval': must be at least 1 minute, got 0m");
    }

    @Test
    @Launch({"backtest", "--help"})
    void backtestOffersDemotionARegimeChangeAndAReportedPeriod(LaunchResult result) {
        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput().replaceAll("\\s+", " ")).contains("--[no-]demotion", "--demotion-max-mase", "(default 1.2)",
                "--demotion-min-p90-coverage", "(default 0.7)", "--demotion-window", "(default 24h)",
                "--demotion-recover-after", "(default 2h)", "--inject-scale=INSTANT:FACTOR", "2021-08-11T00:00:00Z:2",
                "--grow-to=FACTOR", "--report-from");
    }

    @Test
    @Launch(value = {"backtest", "--trace", "unused.csv", "--inject-scale", "2021-08-11:2"}, exitCode = 2)
    void backtestRejectsAnInjectionItCannotRead(LaunchResult result) {
        assertThat(result.getErrorOutput()).contains("cannot read scale injection '2021-08-11:2'",
                "expected <ISO-8601 instant>:<factor>");
    }

    @Test
    @Launch(value = {"backtest", "--trace", "unused.csv", "--grow-to", "0"}, exitCode = 2)
    void backtestRejectsAGrowthThatIsNotAPositiveFactor(LaunchResult result) {
        assertThat(result.getErrorOutput()).contains("--grow-to must be a positive number (2: traffic doubles over "
                + "the trace, 0.5: it halves), got 0.0");
    }

    @Test
    @Launch(value = {"backtest", "--trace", "unused.csv", "--demotion-window", "6h"}, exitCode = 2)
    void backtestRejectsADemotionWindowItDoesNotScore(LaunchResult result) {
        assertThat(result.getErrorOutput()).contains("demotion window must be 24h or 1h, got 6h");
    }

    @Test
    @Launch(value = {"backtest", "--trace", "unused.csv", "--slo", "0"}, exitCode = 2)
    void backtestRejectsAnSloOutsideItsRange(LaunchResult result) {
        assertThat(result.getErrorOutput()).contains("slo.maxShortMinutesPct must be in (0, 50], got 0.0");
    }

    @Test
    @Launch(value = {"backtest", "--trace", "unused.csv", "--signal", "avg:5m"}, exitCode = 2)
    void backtestRejectsASignalItDoesNotKnow(LaunchResult result) {
        assertThat(result.getErrorOutput()).contains("signal 'avg:5m' is not raw or rate:WINDOW");
    }

    @Test
    @Launch({"generalization", "--help"})
    void generalizationJudgesTheShippedPolicyOnEveryTrace(LaunchResult result) {
        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput().replaceAll("\\s+", " ")).contains("Usage: prescient-trainer generalization",
                "--forecast-cache", "--slo", "--decision-interval");
    }
}
