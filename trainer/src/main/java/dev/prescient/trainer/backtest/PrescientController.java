package dev.prescient.trainer.backtest;

import dev.prescient.common.accuracy.AccuracySnapshot;
import dev.prescient.common.accuracy.Demotion;
import dev.prescient.common.accuracy.DemotionSettings;
import dev.prescient.common.accuracy.DemotionStep;
import dev.prescient.common.accuracy.ForecastScorer;
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
import dev.prescient.common.policy.burst.BurstSettings;
import dev.prescient.common.policy.burst.RecurringBurstModel;
import dev.prescient.common.series.TimeSeries;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Prescient in the simulator: the shared {@link ScalingPolicy} decides every decision interval from
 * the forecast made at that minute (between the 5-minute forecast origins, the newest one), exactly as the actuator
 * would; with the recurring-burst cover on, it learns the bursts from the previous days at the first decision and
 * every 24 hours after, as the actuator does. In hpa-floor mode its decision is
 * the floor of an emulated HPA that keeps reacting every minute; in replicas mode it sets the pods.
 * Like the actuator, it hands the policy the demand observed up to the previous minute, through the shared
 * {@link ObservedDemand}: the newest rate, the peak over the sizing window on each earlier day the policy
 * remembers, and the levels that scale those peaks to today.
 *
 * <p>With demotion on, it also tracks the accuracy of the forecasts it uses with the shared
 * {@link ForecastScorer} (each forecast recorded when it is used, scored against the demand up to the previous
 * minute) and feeds it to the shared {@link Demotion} at every decision, as the predictor and the actuator do. While
 * demoted, the policy holds with reason {@code demoted}: in hpa-floor mode the floor returns to the baseline and the
 * emulated HPA alone scales; in replicas mode the policy's reactive fallback sizes from the newest demand.
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
    private final Optional<ForecastScorer> scorer;
    private final Optional<Demotion> demotion;
    private final List<DemotionInterval> demotions = new ArrayList<>();
    private int floor;
    private int replicas = -1;
    private int demotedAt = -1;
    private String demotedFor = "";
    private AccuracyRange judged;
    private String name = "prescient";
    private Optional<RecurringBurstModel> bursts = Optional.empty();
    private int burstsFittedAt = -MINUTES_PER_DAY;

    /**
     * @param hpa the reactive HPA under the floor (hpa-floor mode); ignored in replicas mode
     * @param minuteZero wall-clock time of minute 0 of the demand
     */
    public PrescientController(ScalingPolicy policy, WorkloadSpec spec, Duration startupDelay, ForecastTrack track,
                               HpaEmulator hpa, Instant minuteZero, int firstMinute) {
        this(policy, spec, startupDelay, track, hpa, minuteZero, firstMinute, Optional.empty());
    }

    /** @param demotion how forecasts are demoted for poor accuracy; empty = always used */
    public PrescientController(ScalingPolicy policy, WorkloadSpec spec, Duration startupDelay, ForecastTrack track,
                               HpaEmulator hpa, Instant minuteZero, int firstMinute,
                               Optional<DemotionSettings> demotion) {
        this.scorer = demotion.map(d -> new ForecastScorer(spec.step(), spec.horizonSteps()));
        this.demotion = demotion.map(d -> new Demotion(d, minuteZero.plus(Duration.ofMinutes(firstMinute))));
        this.judged = demotion.map(d -> AccuracyRange.none(d.window())).orElse(null);
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
        return name;
    }

    /** This controller under another name in the results (e.g. a variant of the setup). */
    public PrescientController named(String other) {
        this.name = other;
        return this;
    }

    /** Every decision the policy made, in order. */
    public List<TimedDecision> decisions() {
        return decisions;
    }

    /**
     * The spans during which the forecasts were demoted, in order; one still open is closed at {@code endMinute}.
     */
    public List<DemotionInterval> demotions(int endMinute) {
        List<DemotionInterval> all = new ArrayList<>(demotions);
        if (demotedAt >= 0) {
            all.add(new DemotionInterval(demotedAt, endMinute, demotedFor, DemotionInterval.STILL_DEMOTED));
        }
        return all;
    }

    /** The extremes of the judged accuracy, empty without demotion. */
    public Optional<AccuracyRange> judgedAccuracy() {
        return Optional.ofNullable(judged);
    }

    @Override
    public int desired(SimView view) {
        int t = view.minute();
        if (replicas < 0) {
            replicas = view.total();
        }
        if ((t - firstMinute) % interval == 0) {
            TimeSeries history = history(view, historyMinutes());
            boolean demoted = judge(t, history);
            refitBursts(t, view);
            decide(t, view.total(), observed(history, t), demoted);
        }
        if (spec.mode() == ScalingMode.HPA_FLOOR) {
            hpa.setFloor(floor);
            return hpa.desired(view);
        }
        return replicas;
    }

    /** Minutes of demand the observed guard and, with demotion, the scorer (two days) read back. */
    private int historyMinutes() {
        PolicySettings settings = policy.settings();
        int back = settings.seasonalMemoryDays() * MINUTES_PER_DAY + (int) settings.memoryLevelWindow().toMinutes() + 1;
        back = Math.max(back, settings.bursts().map(b -> (int) b.history().toMinutes() + 60).orElse(0));
        return scorer.isPresent() ? Math.max(back, 2 * MINUTES_PER_DAY) : back;
    }

    /** Learns the recurring bursts from the previous days at the first decision and every 24 h after. */
    private void refitBursts(int t, SimView view) {
        Optional<BurstSettings> settings = policy.settings().bursts();
        if (settings.isEmpty() || t - burstsFittedAt < MINUTES_PER_DAY) {
            return;
        }
        bursts = RecurringBurstModel.fit(history(view, (int) settings.get().history().toMinutes()), settings.get());
        burstsFittedAt = t;
    }

    /** What the actuator would read back from Prometheus: the demand of the last {@code minutes} up to t - 1. */
    private TimeSeries history(SimView view, int minutes) {
        int t = view.minute();
        int from = Math.max(view.firstKnownMinute(), t - minutes);
        double[] values = new double[t - from];
        for (int m = from; m < t; m++) {
            values[m - from] = view.demand(m);
        }
        return new TimeSeries(minuteZero.plus(Duration.ofMinutes(from)), Duration.ofMinutes(1), values);
    }

    private Observed observed(TimeSeries history, int t) {
        return ObservedDemand.from(history, minuteZero.plus(Duration.ofMinutes(t)), startupDelay, policy.settings(),
                bursts);
    }

    /**
     * Records the forecast used at t, scores the recorded ones against the demand known at t and moves the demotion
     * state; returns whether the forecasts are demoted for this decision.
     */
    private boolean judge(int t, TimeSeries history) {
        if (demotion.isEmpty()) {
            return false;
        }
        Instant now = minuteZero.plus(Duration.ofMinutes(t));
        track.at(t).ifPresent(f -> scorer.orElseThrow().record(f));
        AccuracySnapshot snapshot = scorer.orElseThrow().score(history, now);
        if (demotion.get().judges(snapshot)) {
            judged = judged.with(snapshot);
        }
        DemotionStep step = demotion.get().step(snapshot, now);
        if (step.transition() == DemotionStep.Transition.DEMOTED) {
            demotedAt = t;
            demotedFor = step.state().reason();
        } else if (step.transition() == DemotionStep.Transition.REENABLED) {
            demotions.add(new DemotionInterval(demotedAt, t, demotedFor, step.state().reason()));
            demotedAt = -1;
        }
        return step.state().demoted();
    }

    private void decide(int t, int currentTotal, Observed observed, boolean demoted) {
        Instant now = minuteZero.plus(Duration.ofMinutes(t));
        Optional<ForecastView> view = forecastAt(t);
        ScaleState state = spec.mode() == ScalingMode.HPA_FLOOR
                ? new ScaleState(currentTotal, OptionalInt.of(floor), false, demoted)
                : new ScaleState(replicas, OptionalInt.empty(), false, demoted);
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

    /**
     * At a forecast origin, the forecast made there (none when it failed, as the actuator gets none when the
     * predictor fails); between origins, the newest one within the policy's maximum forecast age.
     */
    private Optional<ForecastView> forecastAt(int t) {
        if ((t - firstMinute) % Backtest.DECISION_MINUTES == 0) {
            return track.at(t).map(f -> toView(f, minuteZero.plus(Duration.ofMinutes(t))));
        }
        int maxAge = (int) policy.settings().maxForecastAge().toMinutes();
        return track.latest(t, maxAge).map(e -> toView(e.getValue(), minuteZero.plus(Duration.ofMinutes(e.getKey()))));
    }

    private ForecastView toView(Forecast f, Instant madeAt) {
        return new ForecastView(f, madeAt, ForecastView.SOURCE_MODEL, track.forecaster());
    }
}
