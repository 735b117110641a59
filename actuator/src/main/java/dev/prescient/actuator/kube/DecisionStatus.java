package dev.prescient.actuator.kube;

import dev.prescient.common.policy.Decision;
import dev.prescient.common.policy.ForecastView;
import dev.prescient.common.policy.HoldReason;
import dev.prescient.common.policy.ScalingPolicy;
import dev.prescient.crd.Conditions;
import dev.prescient.crd.DecisionSummary;
import dev.prescient.crd.ForecastSummary;
import dev.prescient.crd.PredictiveScalerStatus;
import dev.prescient.crd.Recommendation;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A PredictiveScaler's status after a decision, from the status before it: pure, so every rule is tested without a
 * server. A condition keeps its {@code lastTransitionTime} while its status stays; the recommendations reach back
 * as far as the scale-down stabilisation window. With the decision's {@link DecisionFacts}: the target's replicas,
 * the start-up delay, and (when the predictor answered) the model version and the forecast's time and p50/p90 peaks
 * over the decision's sizing window; without a forecast the last one's stay.
 */
public final class DecisionStatus {

    static final String TRUE = "True";
    static final String FALSE = "False";
    private static final List<String> ORDER = List.of(Conditions.READY, Conditions.PREDICTING, Conditions.HOLDING,
            Conditions.DEMOTED);

    private final Duration window;

    /**
     * @param window the scale-down stabilisation window: recommendations older than this are dropped
     */
    public DecisionStatus(Duration window) {
        this.window = window;
    }

    /** The status after a decision whose facts are unknown: conditions, desired replicas, decision, memory. */
    public PredictiveScalerStatus after(PredictiveScalerStatus before, Long generation, Optional<Decision> decision,
                                        Instant at) {
        return after(before, generation, decision, Optional.empty(), at);
    }

    /**
     * @param before the status read, changed in place and returned (a new one when null)
     * @param facts what {@code decision} was made from; ignored unless they belong to it
     */
    public PredictiveScalerStatus after(PredictiveScalerStatus before, Long generation, Optional<Decision> decision,
                                        Optional<DecisionFacts> facts, Instant at) {
        PredictiveScalerStatus status = before == null ? new PredictiveScalerStatus() : before;
        status.setObservedGeneration(generation);
        List<Condition> conditions = new ArrayList<>(status.getConditions() == null ? List.of()
                : status.getConditions());
        String time = at.toString();
        if (decision.isEmpty()) {
            set(conditions, Conditions.READY, FALSE, "NotDecided", "the last tick held before deciding: no target "
                    + "or no forecast (see the workload's Events)", time, generation);
            status.setConditions(conditions);
            return status;
        }
        Decision d = decision.get();
        Optional<HoldReason> hold = d.holdReason();
        set(conditions, Conditions.READY, TRUE, camel(d.action().tag()), d.reason(), time, generation);
        set(conditions, Conditions.PREDICTING, d.isHold() ? FALSE : TRUE, d.isHold() ? "Holding" : "Forecast",
                d.isHold() ? "holding: " + hold.map(HoldReason::tag).orElse("-") : "sized from the forecast",
                time, generation);
        set(conditions, Conditions.HOLDING, d.isHold() ? TRUE : FALSE,
                hold.map(r -> camel(r.tag())).orElse("NotHolding"), d.isHold() ? d.reason() : "", time,
                generation);
        boolean demoted = hold.filter(r -> r == HoldReason.DEMOTED).isPresent();
        set(conditions, Conditions.DEMOTED, demoted ? TRUE : FALSE, demoted ? "Demoted" : "Trusted",
                demoted ? d.reason() : "", time, generation);
        status.setConditions(conditions);
        status.setDesiredReplicas(d.desiredReplicas());
        DecisionSummary last = new DecisionSummary();
        last.setTime(time);
        last.setAction(d.action().tag());
        last.setReason(d.reason());
        status.setLastDecision(last);
        status.setRecentRecommendations(recent(status.getRecentRecommendations(), d, at));
        facts.filter(f -> f.decision() == d).ifPresent(f -> record(status, f));
        return status;
    }

    /**
     * The status of an object the catalogue left out: {@code Ready} False with the rejection's reason and message
     * (naming the fields); the other conditions and fields stay as the last decision left them.
     *
     * @param before the status read, changed in place and returned (a new one when null)
     */
    public PredictiveScalerStatus rejected(PredictiveScalerStatus before, Long generation, String reason,
                                           String message, Instant at) {
        PredictiveScalerStatus status = before == null ? new PredictiveScalerStatus() : before;
        status.setObservedGeneration(generation);
        List<Condition> conditions = new ArrayList<>(status.getConditions() == null ? List.of()
                : status.getConditions());
        set(conditions, Conditions.READY, FALSE, reason, message, at.toString(), generation);
        status.setConditions(conditions);
        return status;
    }

    /** Whether {@code status} already says what {@link #rejected} would write (then nothing needs writing). */
    public static boolean saysRejected(PredictiveScalerStatus status, Long generation, String reason,
                                       String message) {
        return status != null && Objects.equals(status.getObservedGeneration(), generation)
                && status.getConditions() != null && status.getConditions().stream().anyMatch(c ->
                Conditions.READY.equals(c.getType()) && FALSE.equals(c.getStatus()) && reason.equals(c.getReason())
                        && message.equals(c.getMessage()));
    }

    private static void record(PredictiveScalerStatus status, DecisionFacts f) {
        status.setCurrentReplicas(f.currentReplicas());
        status.setStartupDelaySeconds(f.startupDelay().toSeconds());
        status.setStartupDelaySource(f.startupDelaySource());
        f.forecast().ifPresent(view -> {
            status.setModelVersion(view.modelVersion() != null ? view.modelVersion() : view.source());
            status.setLastForecast(summary(view, f.decision()));
        });
    }

    /** The forecast's time and its p50 and p90 peaks over the decision's sizing window (absent where it is short). */
    static ForecastSummary summary(ForecastView view, Decision d) {
        ForecastSummary summary = new ForecastSummary();
        summary.setTime(view.generatedAt().toString());
        summary.setP50Peak(rounded(ScalingPolicy.peak(view.forecast(), d.windowStart(), d.windowEnd(), false)));
        summary.setP90Peak(rounded(ScalingPolicy.peak(view.forecast(), d.windowStart(), d.windowEnd(), true)));
        return summary;
    }

    /** Three decimals, as rates are read; null for NaN (the forecast ends before the window), which JSON cannot hold. */
    private static Double rounded(double value) {
        return Double.isNaN(value) ? null : Math.round(value * 1000) / 1000.0;
    }

    private List<Recommendation> recent(List<Recommendation> before, Decision d, Instant at) {
        Instant oldest = at.minus(window);
        List<Recommendation> kept = new ArrayList<>();
        for (Recommendation r : before == null ? List.<Recommendation>of() : before) {
            if (!Instant.parse(r.getTime()).isBefore(oldest) && Instant.parse(r.getTime()).isBefore(at)) {
                kept.add(r);
            }
        }
        d.asPast(at).ifPresent(past -> {
            Recommendation r = new Recommendation();
            r.setTime(past.at().toString());
            r.setReplicas(past.recommendedReplicas());
            kept.add(r);
        });
        return kept;
    }

    private static void set(List<Condition> conditions, String type, String value, String reason, String message,
                            String time, Long generation) {
        Optional<Condition> old = conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
        String since = old.filter(c -> value.equals(c.getStatus())).map(Condition::getLastTransitionTime).orElse(time);
        old.ifPresent(conditions::remove);
        conditions.add(new ConditionBuilder().withType(type).withStatus(value).withReason(reason).withMessage(message)
                .withLastTransitionTime(since).withObservedGeneration(generation).build());
        conditions.sort(Comparator.comparingInt(c -> ORDER.indexOf(c.getType())));
    }

    /** {@code forecast-missing} → {@code ForecastMissing}: a condition reason is CamelCase. */
    static String camel(String tag) {
        StringBuilder out = new StringBuilder();
        for (String part : tag.split("-")) {
            if (!part.isEmpty()) {
                out.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
            }
        }
        return out.toString();
    }
}
