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
}
