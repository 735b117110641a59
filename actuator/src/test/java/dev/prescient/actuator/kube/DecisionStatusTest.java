package dev.prescient.actuator.kube;

import dev.prescient.common.forecast.Forecast;
import dev.prescient.common.policy.Decision;
import dev.prescient.common.policy.ForecastView;
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

    @Test
    void theFactsOfTheDecisionGiveReplicasModelForecastPeaksAndStartupDelay() {
        Decision up = up(7, 7); // its sizing window is 10:00–10:10
        DecisionFacts facts = new DecisionFacts(up, 3, Optional.of(view(T0.minusSeconds(30), "v20261203-0900")),
                Duration.ofSeconds(150), "measured");

        PredictiveScalerStatus s = status.after(null, 1L, Optional.of(up), Optional.of(facts), T0);

        assertThat(s.getCurrentReplicas()).isEqualTo(3);
        assertThat(s.getModelVersion()).isEqualTo("v20261203-0900");
        assertThat(s.getStartupDelaySeconds()).isEqualTo(150L);
        assertThat(s.getStartupDelaySource()).isEqualTo("measured");
        assertThat(s.getLastForecast().getTime()).isEqualTo("2026-12-03T09:59:30Z");
        // the forecast rises by 10 a minute from 09:55: over [10:00, 10:10) its highest step is 10:09
        assertThat(s.getLastForecast().getP50Peak()).isEqualTo(190.0);
        assertThat(s.getLastForecast().getP90Peak()).isEqualTo(247.0);
    }

    @Test
    void aHoldWithoutForecastKeepsTheLastForecastAndModelAndAFallbackNamesItself() {
        Decision up = up(7, 7);
        PredictiveScalerStatus first = status.after(null, 1L, Optional.of(up), Optional.of(new DecisionFacts(up, 3,
                Optional.of(view(T0, "v1")), Duration.ofMinutes(3), "configured")), T0);
        Decision missing = hold(7, HoldReason.FORECAST_MISSING);

        PredictiveScalerStatus held = status.after(first, 1L, Optional.of(missing), Optional.of(new DecisionFacts(
                missing, 7, Optional.empty(), Duration.ofMinutes(3), "configured")), T0.plusSeconds(300));

        assertThat(held.getModelVersion()).isEqualTo("v1");
        assertThat(held.getLastForecast().getTime()).isEqualTo("2026-12-03T10:00:00Z");
        assertThat(held.getCurrentReplicas()).isEqualTo(7);

        Decision fallback = new Decision(Decision.Action.HOLD, 7, 0, Double.NaN, T0.plusSeconds(120),
                T0.plusSeconds(240), Optional.of(HoldReason.FALLBACK_FORECAST), "hold (fallback-forecast)");
        ForecastView seasonal = new ForecastView(view(T0, null).forecast(), T0.plusSeconds(600),
                "fallback:seasonal-naive", null);
        PredictiveScalerStatus s = status.after(held, 1L, Optional.of(fallback), Optional.of(new DecisionFacts(
                fallback, 7, Optional.of(seasonal), Duration.ofMinutes(3), "configured")), T0.plusSeconds(600));
        assertThat(s.getModelVersion()).isEqualTo("fallback:seasonal-naive");
        assertThat(s.getLastForecast().getP50Peak()).as("the steps 10:02 and 10:03").isEqualTo(130.0);
        assertThat(s.getLastForecast().getTime()).isEqualTo("2026-12-03T10:10:00Z");
    }

    @Test
    void aForecastEndingBeforeTheWindowHasNoPeaks() {
        Decision late = new Decision(Decision.Action.HOLD, 3, 0, Double.NaN, T0.plusSeconds(3600),
                T0.plusSeconds(4200), Optional.of(HoldReason.FORECAST_TOO_SHORT), "hold (forecast-too-short)");

        PredictiveScalerStatus s = status.after(null, 1L, Optional.of(late), Optional.of(new DecisionFacts(late, 3,
                Optional.of(view(T0, "v1")), Duration.ofMinutes(3), "fallback")), T0);

        assertThat(s.getLastForecast().getTime()).isEqualTo("2026-12-03T10:00:00Z");
        assertThat(s.getLastForecast().getP50Peak()).isNull();
        assertThat(s.getLastForecast().getP90Peak()).isNull();
    }

    @Test
    void factsOfAnotherDecisionAreNotWritten() {
        Decision written = up(7, 7);
        DecisionFacts ofAnother = new DecisionFacts(up(7, 7), 3, Optional.of(view(T0, "v1")), Duration.ofMinutes(3),
                "configured");

        PredictiveScalerStatus s = status.after(null, 1L, Optional.of(written), Optional.of(ofAnother), T0);

        assertThat(s.getCurrentReplicas()).isNull();
        assertThat(s.getModelVersion()).isNull();
        assertThat(s.getLastForecast()).isNull();
    }

    @Test
    void aRejectedObjectIsNotReadyWithItsReasonAndKeepsTheRest() {
        PredictiveScalerStatus decided = status.after(null, 1L, Optional.of(up(7, 7)), T0);

        PredictiveScalerStatus s = status.rejected(decided, 2L, "InvalidSpec",
                "spec.minReplicas: must be >= 1 in hpa-floor mode", T0.plusSeconds(60));

        Condition ready = condition(s, "Ready");
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo("InvalidSpec");
        assertThat(ready.getMessage()).isEqualTo("spec.minReplicas: must be >= 1 in hpa-floor mode");
        assertThat(ready.getLastTransitionTime()).isEqualTo("2026-12-03T10:01:00Z");
        assertThat(ready.getObservedGeneration()).isEqualTo(2L);
        assertThat(s.getObservedGeneration()).isEqualTo(2L);
        assertThat(s.getDesiredReplicas()).isEqualTo(7);
        assertThat(DecisionStatus.saysRejected(s, 2L, "InvalidSpec", "spec.minReplicas: must be >= 1 in hpa-floor "
                + "mode")).isTrue();
        assertThat(DecisionStatus.saysRejected(s, 3L, "InvalidSpec", "spec.minReplicas: must be >= 1 in hpa-floor "
                + "mode")).as("a newer generation").isFalse();
        assertThat(DecisionStatus.saysRejected(s, 2L, "InvalidSpec", "spec.maxReplicas: …")).isFalse();
        assertThat(DecisionStatus.saysRejected(decided, 1L, "InvalidSpec", "x")).isFalse();
    }

    @Test
    void theLatestFactsAreHandedOverOnceAndOnlyForTheirDecision() {
        LatestFacts latest = new LatestFacts();
        Decision first = up(7, 7);
        Decision second = up(8, 8);
        latest.put("shop/api", new DecisionFacts(first, 3, Optional.empty(), Duration.ZERO, "fallback"));
        latest.put("shop/api", new DecisionFacts(second, 7, Optional.empty(), Duration.ZERO, "fallback"));

        assertThat(latest.take("shop/api", first)).as("replaced by the newer decision's").isEmpty();
        assertThat(latest.take("shop/api", second)).hasValueSatisfying(f -> assertThat(f.currentReplicas())
                .isEqualTo(7));
        assertThat(latest.take("shop/api", second)).as("taken once").isEmpty();
    }

    /** p50 = 50 + 10 a minute from 09:55, p90 = 1.3 × p50, for an hour. */
    private static ForecastView view(Instant generatedAt, String version) {
        double[] p50 = new double[60];
        double[] p90 = new double[60];
        for (int i = 0; i < 60; i++) {
            p50[i] = 50 + 10 * i;
            p90[i] = 1.3 * p50[i];
        }
        return new ForecastView(new Forecast(T0.minusSeconds(300), Duration.ofMinutes(1), p50, p90), generatedAt,
                "model", version);
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
