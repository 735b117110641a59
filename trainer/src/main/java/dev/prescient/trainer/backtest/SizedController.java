package dev.prescient.trainer.backtest;

import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.Decision;
import dev.prescient.common.policy.ForecastView;
import dev.prescient.common.policy.Observed;
import dev.prescient.common.policy.PastDecision;
import dev.prescient.common.policy.ScaleState;
import dev.prescient.common.policy.ScalingPolicy;
import dev.prescient.common.policy.Sizing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The shared {@link ScalingPolicy} on the simulated cluster, as the actuator runs it: every decision interval it hands
 * the policy the newest forecast (with the sizing of the model that made it), the demand observed up to the previous
 * minute and the current floor or replicas; in hpa-floor mode the decision is the floor of an emulated HPA whose
 * target and scale-down window the sizing sets, in replicas mode it is the replica count. The trainer simulates
 * candidate sizings with it, the backtest the learnt ones.
 */
public final class SizedController implements Controller {

    /** Where a decision's inputs come from. */
    public interface Inputs {

        /** The forecast the actuator would have at minute {@code t}, with its sizing; empty when none. */
        Optional<ForecastView> forecast(int t);

        /** The demand observed up to {@code t - 1}, as {@code ObservedDemand} builds it. */
        Observed observed(int t, SimView view);

        /** Whether the forecasts are demoted at {@code t} (the backtest's demotion; never in the trainer). */
        default boolean demoted(int t, SimView view) {
            return false;
        }
    }

    private final ScalingPolicy policy;
    private final WorkloadSpec spec;
    private final Duration startupDelay;
    private final Inputs inputs;
    private final Instant minuteZero;
    private final int firstMinute;
    private final int interval;
    private final HpaEmulator hpa;
    /** The HPA's own setting, as constructed: what it goes back to when the learnt one does not apply. */
    private final Sizing.Reactive own;
    private final List<PastDecision> past = new ArrayList<>();
    private final List<TimedDecision> decisions = new ArrayList<>();
    private final boolean recordDecisions;
    private int floor;
    private int replicas = -1;
    private String name = "prescient";

    /**
     * @param hpa the HPA under the floor (hpa-floor mode), at the workload's own setting: retuned to the learnt
     *     reactive setting while it applies ({@link ScalingPolicy#learntReactive}), back to its own otherwise
     * @param recordDecisions whether to keep every decision (the backtest's report) or not (the trainer's search)
     */
    public SizedController(ScalingPolicy policy, WorkloadSpec spec, Duration startupDelay, Inputs inputs,
                           Instant minuteZero, int firstMinute, HpaEmulator hpa, boolean recordDecisions) {
        this.policy = policy;
        this.spec = spec;
        this.startupDelay = startupDelay;
        this.inputs = inputs;
        this.minuteZero = minuteZero;
        this.firstMinute = firstMinute;
        this.interval = (int) policy.settings().decisionInterval().toMinutes();
        this.hpa = hpa;
        this.own = new Sizing.Reactive(hpa.target(), hpa.window());
        this.recordDecisions = recordDecisions;
        this.floor = spec.minReplicas();
    }

    @Override
    public String name() {
        return name;
    }

    /** This controller under another name in the results. */
    public SizedController named(String other) {
        this.name = other;
        return this;
    }

    public List<TimedDecision> decisions() {
        return decisions;
    }

    @Override
    public int desired(SimView view) {
        int t = view.minute();
        if (replicas < 0) {
            replicas = view.total();
        }
        if ((t - firstMinute) % interval == 0) {
            decide(t, view);
        }
        if (spec.mode() == ScalingMode.HPA_FLOOR) {
            hpa.setFloor(floor);
            return hpa.desired(view);
        }
        return replicas;
    }

    private void decide(int t, SimView view) {
        Instant now = minuteZero.plus(Duration.ofMinutes(t));
        Optional<ForecastView> forecast = inputs.forecast(t);
        boolean demoted = inputs.demoted(t, view);
        ScaleState state = spec.mode() == ScalingMode.HPA_FLOOR
                ? new ScaleState(view.total(), OptionalInt.of(floor), false, demoted)
                : new ScaleState(replicas, OptionalInt.empty(), false, demoted);
        Decision d = policy.decide(forecast, spec, startupDelay, state, past, now, inputs.observed(t, view));
        if (recordDecisions) {
            decisions.add(new TimedDecision(t, d));
        }
        d.asPast(now).ifPresent(past::add);
        Instant keepSince = now.minus(Duration.ofHours(1));
        past.removeIf(p -> p.at().isBefore(keepSince));
        Sizing.Reactive r = ScalingPolicy.learntReactive(d, forecast.flatMap(ForecastView::sizing)).orElse(own);
        hpa.retune(r.targetUtilization(), r.scaleDownWindowMinutes());
        if (spec.mode() == ScalingMode.HPA_FLOOR) {
            floor = d.desiredReplicas();
        } else {
            replicas = d.desiredReplicas();
        }
    }
}
