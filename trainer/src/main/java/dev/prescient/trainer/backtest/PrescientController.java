package dev.prescient.trainer.backtest;

import dev.prescient.common.accuracy.AccuracySnapshot;
import dev.prescient.common.accuracy.Demotion;
import dev.prescient.common.accuracy.DemotionSettings;
import dev.prescient.common.accuracy.DemotionStep;
import dev.prescient.common.accuracy.ForecastScorer;
import dev.prescient.common.forecast.Forecast;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.ForecastView;
import dev.prescient.common.policy.Observed;
import dev.prescient.common.policy.ObservedDemand;
import dev.prescient.common.policy.ScalingPolicy;
import dev.prescient.common.policy.Sizing;
import dev.prescient.common.series.TimeSeries;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Prescient in the simulator, as the actuator runs it: a {@link SizedController} fed with the forecast the predictor
 * would serve at each decision (the newest of the 5-minute origins) together with the sizing learnt at the latest
 * refit (the model version's), the demand observed up to the previous minute through the shared
 * {@link ObservedDemand}, and — with demotion on — the shared {@link ForecastScorer} and {@link Demotion}: each
 * forecast is recorded when it is used and scored against the demand known at the next decision, as the predictor
 * and the actuator do. While demoted the policy holds with reason {@code demoted}.
 */
public final class PrescientController implements Controller, SizedController.Inputs {

    private static final int MINUTES_PER_DAY = 1440;

    private final ScalingPolicy policy;
    private final WorkloadSpec spec;
    private final Duration startupDelay;
    private final ForecastTrack track;
    private final NavigableMap<Integer, Sizing> sizings;
    private final Instant minuteZero;
    private final int firstMinute;
    private final SizedController controller;
    private final Optional<ForecastScorer> scorer;
    private final Optional<Demotion> demotion;
    private final List<DemotionInterval> demotions = new ArrayList<>();
    private int demotedAt = -1;
    private String demotedFor = "";
    private AccuracyRange judged;

    /**
     * @param sizings the sizing learnt at each refit, by the refit's minute: a decision uses the latest at or before it
     *     (empty: the policy's default sizing for a model without one)
     * @param hpa the reactive HPA under the floor (hpa-floor mode); ignored in replicas mode
     * @param minuteZero wall-clock time of minute 0 of the demand
     * @param demotion how forecasts are demoted for poor accuracy; empty = always used
     */
    public PrescientController(ScalingPolicy policy, WorkloadSpec spec, Duration startupDelay, ForecastTrack track,
                               Map<Integer, Sizing> sizings, HpaEmulator hpa, Instant minuteZero, int firstMinute,
                               Optional<DemotionSettings> demotion) {
        this.policy = policy;
        this.spec = spec;
        this.startupDelay = startupDelay;
        this.track = track;
        this.sizings = new TreeMap<>(sizings);
        this.minuteZero = minuteZero;
        this.firstMinute = firstMinute;
        this.scorer = demotion.map(d -> new ForecastScorer(spec.step(), spec.horizonSteps()));
        this.demotion = demotion.map(d -> new Demotion(d, minuteZero.plus(Duration.ofMinutes(firstMinute))));
        this.judged = demotion.map(d -> AccuracyRange.none(d.window())).orElse(null);
        this.controller = new SizedController(policy, spec, startupDelay, this, minuteZero, firstMinute, hpa, true);
    }

    @Override
    public String name() {
        return controller.name();
    }

    /** This controller under another name in the results (e.g. a variant of the setup). */
    public PrescientController named(String other) {
        controller.named(other);
        return this;
    }

    /** Every decision the policy made, in order. */
    public List<TimedDecision> decisions() {
        return controller.decisions();
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
        return controller.desired(view);
    }

    /**
     * At a forecast origin, the forecast made there (none when it failed, as the actuator gets none when the
     * predictor fails); between origins, the newest one within the policy's maximum forecast age. Its sizing is the
     * one learnt at the latest refit.
     */
    @Override
    public Optional<ForecastView> forecast(int t) {
        Optional<Sizing> sizing = Optional.ofNullable(sizings.floorEntry(t)).map(Map.Entry::getValue);
        if ((t - firstMinute) % Backtest.DECISION_MINUTES == 0) {
            return track.at(t).map(f -> view(f, t, sizing));
        }
        int maxAge = (int) policy.settings().maxForecastAge().toMinutes();
        return track.latest(t, maxAge).map(e -> view(e.getValue(), e.getKey(), sizing));
    }

    private ForecastView view(Forecast f, int madeAt, Optional<Sizing> sizing) {
        return new ForecastView(f, minuteZero.plus(Duration.ofMinutes(madeAt)), ForecastView.SOURCE_MODEL,
                track.forecaster(), sizing);
    }

    @Override
    public Observed observed(int t, SimView view) {
        return ObservedDemand.from(history(view, historyMinutes()), minuteZero.plus(Duration.ofMinutes(t)),
                startupDelay, policy.settings());
    }

    /** Minutes of demand the observed guard and, with demotion, the scorer (two days) read back. */
    private int historyMinutes() {
        int back = ObservedDemand.MAX_MEMORY_DAYS * MINUTES_PER_DAY
                + (int) policy.settings().memoryLevelWindow().toMinutes() + 1;
        return scorer.isPresent() ? Math.max(back, 2 * MINUTES_PER_DAY) : back;
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

    /**
     * Records the forecast used at t, scores the recorded ones against the demand known at t and moves the demotion
     * state; returns whether the forecasts are demoted for this decision.
     */
    @Override
    public boolean demoted(int t, SimView view) {
        if (demotion.isEmpty()) {
            return false;
        }
        Instant now = minuteZero.plus(Duration.ofMinutes(t));
        track.at(t).ifPresent(f -> scorer.orElseThrow().record(f));
        AccuracySnapshot snapshot = scorer.orElseThrow().score(history(view, 2 * MINUTES_PER_DAY), now);
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
}
