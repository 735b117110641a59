package dev.prescient.trainer.backtest;

import dev.prescient.common.forecast.Forecast;
import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.Decision;
import dev.prescient.common.policy.ForecastView;
import dev.prescient.common.policy.Observed;
import dev.prescient.common.policy.ObservedDemand;
import dev.prescient.common.policy.PastDecision;
import dev.prescient.common.policy.PolicySettings;
import dev.prescient.common.policy.ScaleState;
import dev.prescient.common.policy.ScalingPolicy;
import dev.prescient.common.series.TimeSeries;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Prescient in the simulator: the shared {@link ScalingPolicy} decides every decision interval from
 * the forecast made at that minute, exactly as the actuator would. In hpa-floor mode its decision is
 * the floor of an emulated HPA that keeps reacting every minute; in replicas mode it sets the pods.
 * Like the actuator, it hands the policy the demand observed up to the previous minute, through the shared
 * {@link ObservedDemand}: the newest rate, the peak over the sizing window on each earlier day the policy
 * remembers, and the levels that scale those peaks to today.
 */
public final class PrescientController implements Controller {

    private static final int MINUTES_PER_DAY = 1440;

    private final ScalingPolicy policy;
    private final WorkloadSpec spec;
    private final Duration startupDelay;
    private final ForecastTrack track;
    private final HpaEmulator hpa;
    private final Instant minuteZero;
    private final int firstMinute;
    private final int interval;
    private final List<PastDecision> past = new ArrayList<>();
    private final List<TimedDecision> decisions = new ArrayList<>();
    private int floor;
    private int replicas = -1;

    /**
     * @param hpa the reactive HPA under the floor (hpa-floor mode); ignored in replicas mode
     * @param minuteZero wall-clock time of minute 0 of the demand
     */
    public PrescientController(ScalingPolicy policy, WorkloadSpec spec, Duration startupDelay, ForecastTrack track,
                               HpaEmulator hpa, Instant minuteZero, int firstMinute) {
        this.policy = policy;
        this.spec = spec;
        this.startupDelay = startupDelay;
        this.track = track;
        this.hpa = hpa;
        this.minuteZero = minuteZero;
        this.firstMinute = firstMinute;
        this.interval = (int) policy.settings().decisionInterval().toMinutes();
        this.floor = spec.minReplicas();
    }

    @Override
    public String name() {
        return "prescient";
    }

    /** Every decision the policy made, in order. */
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
            decide(t, view.total(), observed(view));
        }
        if (spec.mode() == ScalingMode.HPA_FLOOR) {
            hpa.setFloor(floor);
            return hpa.desired(view);
        }
        return replicas;
    }

    /** What the actuator would read back from Prometheus: the demand of the remembered days up to t - 1. */
    private Observed observed(SimView view) {
        int t = view.minute();
        PolicySettings settings = policy.settings();
        int back = settings.seasonalMemoryDays() * MINUTES_PER_DAY + (int) settings.memoryLevelWindow().toMinutes() + 1;
        int from = Math.max(0, t - back);
        double[] values = new double[t - from];
        for (int m = from; m < t; m++) {
            values[m - from] = view.demand(m);
        }
        TimeSeries history = new TimeSeries(minuteZero.plus(Duration.ofMinutes(from)), Duration.ofMinutes(1), values);
        return ObservedDemand.from(history, minuteZero.plus(Duration.ofMinutes(t)), startupDelay, settings);
    }

    private void decide(int t, int currentTotal, Observed observed) {
        Instant now = minuteZero.plus(Duration.ofMinutes(t));
        Optional<ForecastView> view = track.at(t).map(f -> toView(f, now));
        ScaleState state = spec.mode() == ScalingMode.HPA_FLOOR
                ? new ScaleState(currentTotal, OptionalInt.of(floor), false, false)
                : ScaleState.of(replicas);
        Decision d = policy.decide(view, spec, startupDelay, state, past, now, observed);
        decisions.add(new TimedDecision(t, d));
        d.asPast(now).ifPresent(past::add);
        past.removeIf(p -> p.at().isBefore(now.minus(policy.settings().scaleDownStabilization())));
        if (spec.mode() == ScalingMode.HPA_FLOOR) {
            floor = d.desiredReplicas();
        } else {
            replicas = d.desiredReplicas();
        }
    }

    private ForecastView toView(Forecast f, Instant now) {
        return new ForecastView(f, now, ForecastView.SOURCE_MODEL, track.forecaster());
    }
}
