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
    void backtestOffersThePrescientSetupKnobsWithTheRecommendedDefaults(LaunchResult result) {
        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).contains("--prescient-quantile", "(default 0.5)", "--hpa-scale-down-window",
                "(default 1m;", "--seasonal-memory-days", "--memory-level-window", "(default 5m)",
                "--target-utilization", "(default 0.95)", "--hpa-target", "(default 0.85)");
    }

    @Test
    @Launch(value = {"backtest", "--trace", "unused.csv", "--prescient-quantile", "0.7"}, exitCode = 2)
    void backtestRejectsAQuantileThePolicyCannotSizeFrom(LaunchResult result) {
        assertThat(result.getErrorOutput()).contains("prescient quantile must be 0.5 or 0.9, got 0.7");
    }

    @Test
    @Launch(value = {"backtest", "--trace", "unused.csv", "--hpa-scale-down-window", "90s"}, exitCode = 2)
    void backtestRejectsAPartialMinuteHpaWindow(LaunchResult result) {
        assertThat(result.getErrorOutput())
                .contains("Invalid value for option '--hpa-scale-down-window': PT1M30S is not a whole number of minutes");
    }

    @Test
    @Launch({"backtest", "--help"})
    void backtestOffersTheDecisionIntervalAndTheRecurringBurstCover(LaunchResult result) {
        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).contains("--decision-interval", "(default 1m)", "--[no-]bursts",
                "--burst-cost-weight", "(default 0.005;");
    }

    @Test
    @Launch(value = {"backtest", "--trace", "unused.csv", "--decision-interval", "0m"}, exitCode = 2)
    void backtestRejectsADecisionIntervalBelowAMinute(LaunchResult result) {
        assertThat(result.getErrorOutput()).contains("decision interval must be at least 1 minute, got 0");
    }

    @Test
    @Launch(value = {"backtest", "--trace", "unused.csv", "--burst-cost-weight", "-1"}, exitCode = 2)
    void backtestRejectsANegativeBurstCostWeight(LaunchResult result) {
        assertThat(result.getErrorOutput()).contains("burst costWeight must not be negative, got -1.0");
    }

    @Test
    @Launch({"backtest", "--help"})
    void backtestOffersDemotionARegimeChangeAndAReportedPeriod(LaunchResult result) {
        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).contains("--[no-]demotion", "--demotion-max-mase", "(default 1.2)",
                "--demotion-min-p90-coverage", "(default 0.7)", "--demotion-window", "(default 24h)",
                "--demotion-recover-after", "(default 2h)", "--inject-scale=INSTANT:FACTOR", "2021-08-11T00:00:00Z:2",
                "--report-from");
    }

    @Test
    @Launch(value = {"backtest", "--trace", "unused.csv", "--inject-scale", "2021-08-11:2"}, exitCode = 2)
    void backtestRejectsAnInjectionItCannotRead(LaunchResult result) {
        assertThat(result.getErrorOutput()).contains("cannot read scale injection '2021-08-11:2'",
                "expected <ISO-8601 instant>:<factor>");
    }

    @Test
    @Launch(value = {"backtest", "--trace", "unused.csv", "--demotion-window", "6h"}, exitCode = 2)
    void backtestRejectsADemotionWindowItDoesNotScore(LaunchResult result) {
        assertThat(result.getErrorOutput()).contains("demotion window must be 24h or 1h, got 6h");
    }
}
