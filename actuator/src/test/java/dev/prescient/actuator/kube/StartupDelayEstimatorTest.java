package dev.prescient.actuator.kube;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StartupDelayEstimatorTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    /** Pods created a minute apart (the last listed is the newest), each Ready after the given seconds. */
    private static List<PodStartup> pods(String delays) {
        List<PodStartup> pods = new ArrayList<>();
        int[] seconds = Arrays.stream(delays.split(" ")).mapToInt(Integer::parseInt).toArray();
        for (int i = 0; i < seconds.length; i++) {
            Instant created = T0.plusSeconds(60L * i);
            pods.add(PodStartup.ready("pod-" + i, created, created.plusSeconds(seconds[i])));
        }
        return pods;
    }

    @ParameterizedTest(name = "[{0}] min {1}, max {2} → {3}")
    @CsvSource({
            "10 20 30 40 50 60 70 80 90 100, 3, 50, 90",
            "100 90 80 70 60 50 40 30 20 10, 3, 50, 90",
            "30 60 240, 3, 50, 240",
            "45, 1, 50, 45",
            "30 60, 3, 50, -1",
            "600 600 600 10 20 30, 3, 3, 30",
            "-5 40 50 60, 3, 50, 60",
            "-5 40 50, 3, 50, -1"
    })
    void estimatesTheP90OfTheNewestReadyPods(String delays, int minPods, int maxPods, long expectedSeconds) {
        var estimate = new StartupDelayEstimator(minPods, maxPods).estimate(pods(delays));

        if (expectedSeconds < 0) {
            assertThat(estimate).as("too few pods").isEmpty();
        } else {
            assertThat(estimate).contains(Duration.ofSeconds(expectedSeconds));
        }
    }

    @Test
    void measuresOnlyPodsThatAreReady() {
        List<PodStartup> pods = new ArrayList<>(pods("30 40 50"));
        pods.add(new PodStartup("starting", "starting", T0.plusSeconds(600), Optional.empty(), 0));

        assertThat(new StartupDelayEstimator(3, 3).estimate(pods)).contains(Duration.ofSeconds(50));
    }

    @ParameterizedTest
    @CsvSource({"0, 5", "4, 3"})
    void refusesContradictoryPodCounts(int minPods, int maxPods) {
        assertThatThrownBy(() -> new StartupDelayEstimator(minPods, maxPods))
                .hasMessageContaining("1 <= min-pods <= max-pods");
    }
}
