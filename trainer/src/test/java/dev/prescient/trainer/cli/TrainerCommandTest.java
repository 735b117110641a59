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
}
