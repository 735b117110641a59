package dev.prescient.actuator.kube;

import dev.prescient.common.policy.Decision;
import dev.prescient.common.policy.ForecastView;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What one decision was made from, for the PredictiveScaler's status: the target's replicas, the forecast the
 * predictor answered and the start-up delay the policy sized with.
 *
 * @param decision the decision these facts belong to
 * @param currentReplicas the target's {@code spec.replicas} (through {@code /scale}) when it was decided
 * @param forecast the forecast the predictor answered, used or not (a stale one is still the last one); empty when it
 *     gave none
 * @param startupDelay the start-up delay the policy sized with
 * @param startupDelaySource {@code configured}, {@code measured}, {@code capped} or {@code fallback}
 */
public record DecisionFacts(Decision decision, int currentReplicas, Optional<ForecastView> forecast,
                            Duration startupDelay, String startupDelaySource) {

    public DecisionFacts {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(forecast, "forecast");
        Objects.requireNonNull(startupDelay, "startupDelay");
        Objects.requireNonNull(startupDelaySource, "startupDelaySource");
    }
}
