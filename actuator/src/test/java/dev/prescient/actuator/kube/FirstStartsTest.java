package dev.prescient.actuator.kube;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class FirstStartsTest {

    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    private static PodStartup pod(String uid, Optional<Duration> readyAfter, int restarts) {
        return new PodStartup(uid, "pod-" + uid, T0, readyAfter.map(T0::plus), restarts);
    }

    private static List<Duration> delays(List<PodStartup> pods) {
        return pods.stream().map(PodStartup::delay).toList();
    }

    @Test
    void keepsAPodsFirstReadyTransitionThroughABlipAndARestart() {
        FirstStarts starts = new FirstStarts();
        assertThat(starts.of("w", List.of(pod("1", Optional.empty(), 0)))).as("not Ready yet").isEmpty();
        assertThat(delays(starts.of("w", List.of(pod("1", Optional.of(Duration.ofSeconds(40)), 0)))))
                .containsExactly(Duration.ofSeconds(40));

        assertThat(delays(starts.of("w", List.of(pod("1", Optional.empty(), 0))))).as("blip")
                .containsExactly(Duration.ofSeconds(40));
        assertThat(delays(starts.of("w", List.of(pod("1", Optional.of(Duration.ofHours(5)), 0))))).as("Ready again")
                .containsExactly(Duration.ofSeconds(40));
        assertThat(delays(starts.of("w", List.of(pod("1", Optional.of(Duration.ofHours(6)), 2))))).as("restarted")
                .containsExactly(Duration.ofSeconds(40));
    }

    @Test
    void leavesOutAPodFirstSeenReadyAfterARestart() {
        FirstStarts starts = new FirstStarts();

        assertThat(starts.of("w", List.of(pod("1", Optional.of(Duration.ofHours(2)), 1)))).isEmpty();
    }

    @Test
    void forgetsPodsThatAreGoneAndKeepsWorkloadsApart() {
        FirstStarts starts = new FirstStarts();
        starts.of("w", List.of(pod("1", Optional.of(Duration.ofSeconds(40)), 0)));
        starts.of("other", List.of(pod("1", Optional.of(Duration.ofSeconds(90)), 0)));

        assertThat(starts.of("w", List.of())).isEmpty();
        assertThat(delays(starts.of("w", List.of(pod("1", Optional.of(Duration.ofSeconds(70)), 0)))))
                .as("seen afresh").containsExactly(Duration.ofSeconds(70));
        assertThat(delays(starts.of("other", List.of(pod("1", Optional.of(Duration.ofHours(1)), 0)))))
                .containsExactly(Duration.ofSeconds(90));
    }
}
