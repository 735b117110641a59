package dev.prescient.actuator.kube;

import dev.prescient.common.policy.Decision;
import dev.prescient.common.policy.HoldReason;
import dev.prescient.crd.PredictiveScalerStatus;
import dev.prescient.crd.Recommendation;
import io.fabric8.kubernetes.api.model.Condition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The status a decision leaves on a PredictiveScaler. */
class DecisionStatusTest {

    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    private final DecisionStatus status = new DecisionStatus(Duration.ofMinutes(10));

    @Test
    void aScaleUpIsReadyPredictingAndRemembered() {
        PredictiveScalerStatus s = status.after(null, 3L, Optional.of(up(7, 7)), T0);

        assertThat(s.getObservedGeneration()).isEqualTo(3L);
        assertThat(s.getDesiredReplicas()).isEqualTo(7);
        assertThat(s.getLastDecision().getAction()).isEqualTo("up");
        assertThat(s.getLastDecision().getTime()).isEqualTo("2026-12-03T10:00:00Z");
        assertThat(s.getLastDecision().getReason()).isEqualTo("scaled 3→7");
        assertThat(s.getConditions()).extracting(Condition::getType, Condition::getStatus, Condition::getReason)
                .containsExactly(
                        tuple("Ready", "True", "Up"),
                        tuple("Predicting", "True", "Forecast"),
                        tuple("Holding", "False", "NotHolding"),
                        tuple("Demoted", "False", "Trusted"));
        assertThat(s.getRecentRecommendations()).extracting(Recommendation::getTime, Recommendation::getReplicas)
                .containsExactly(tuple("2026-12-03T10:00:00Z", 7));
    }

    @Test
    void aHoldNamesItsReasonAndKeepsTheTransitionTimesOfWhatDidNotChange() {
        PredictiveScalerStatus first = status.after(null, 1L, Optional.of(up(7, 7)), T0);
        Instant later = T0.plus(Duration.ofMinutes(5));

        PredictiveScalerStatus s = status.after(first, 1L, Optional.of(hold(7, HoldReason.FORECAST_STALE)), later);

        assertThat(condition(s, "Ready").getLastTransitionTime()).as("still ready").isEqualTo("2026-12-03T10:00:00Z");
        assertThat(condition(s, "Ready").getReason()).isEqualTo("Hold");
        Condition holding = condition(s, "Holding");
        assertThat(holding.getStatus()).isEqualTo("True");
        assertThat(holding.getReason()).isEqualTo("ForecastStale");
        assertThat(holding.getLastTransitionTime()).isEqualTo("2026-12-03T10:05:00Z");
        assertThat(condition(s, "Predicting").getStatus()).isEqualTo("False");
        assertThat(s.getRecentRecommendations()).as("a hold recommends nothing").hasSize(1);
    }

    @Test
    void aDemotionSetsDemoted() {
        PredictiveScalerStatus s = status.after(null, 1L, Optional.of(hold(4, HoldReason.DEMOTED)), T0);
        assertThat(condition(s, "Demoted").getStatus()).isEqualTo("True");
        assertThat(condition(s, "Holding").getReason()).isEqualTo("Demoted");
    }

    @Test
    void recommendationsReachBackAsFarAsTheStabilisationWindow() {
        PredictiveScalerStatus s = null;
        for (int minute = 0; minute <= 20; minute += 5) {
            s = status.after(s, 1L, Optional.of(up(10 - minute / 5, 10 - minute / 5)), T0.plusSeconds(60L * minute));
        }
        assertThat(s.getRecentRecommendations()).extracting(Recommendation::getTime).containsExactly(
                "2026-12-03T10:10:00Z", "2026-12-03T10:15:00Z", "2026-12-03T10:20:00Z");
    }

    @Test
    void aTickThatHeldBeforeDecidingIsNotReady() {
        PredictiveScalerStatus first = status.after(null, 1L, Optional.of(up(7, 7)), T0);

        PredictiveScalerStatus s = status.after(first, 2L, Optional.empty(), T0.plusSeconds(300));

        assertThat(condition(s, "Ready").getStatus()).isEqualTo("False");
        assertThat(condition(s, "Ready").getReason()).isEqualTo("NotDecided");
        assertThat(s.getDesiredReplicas()).as("the last decision's stays").isEqualTo(7);
    }

    private static Condition condition(PredictiveScalerStatus s, String type) {
        return s.getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
    }

    private static Decision up(int desired, int recommended) {
        return new Decision(Decision.Action.SCALE_UP, desired, recommended, 612, T0, T0.plusSeconds(600),
                Optional.empty(), "scaled 3→" + desired);
    }

    private static Decision hold(int desired, HoldReason reason) {
        return new Decision(Decision.Action.HOLD, desired, 0, Double.NaN, T0, T0, Optional.of(reason),
                "held at " + desired + ": " + reason.tag());
    }
}
