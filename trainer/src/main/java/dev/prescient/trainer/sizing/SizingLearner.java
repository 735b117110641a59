package dev.prescient.trainer.sizing;

import dev.prescient.common.forecast.Forecast;
import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.Headroom;
import dev.prescient.common.policy.ObservedDemand;
import dev.prescient.common.policy.PolicySettings;
import dev.prescient.common.policy.Sizing;
import dev.prescient.common.series.TimeSeries;
import dev.prescient.trainer.backtest.HpaFrontier;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Learns a workload's {@link Sizing} from its own history, out of sample: the forecasts a model made over the
 * calibration span (the newest part of the history, which it did not train on — see {@link CalibrationReplay}) are
 * turned into the decisions the actuator would have taken, their errors into split-conformal headrooms at several
 * levels ({@link HeadroomLearner}), and every combination of headroom, seasonal memory, floor hold and the HPA under
 * the floor (every setting of the {@link HpaFrontier}), plus no floor at all (every frontier target at the scale-down
 * windows of {@link #REACTIVE_WINDOWS}), is simulated over the span with the backtest's simulator and the shared
 * policy under the actuator's settings. The cheapest setting that keeps the share of short minutes within the SLO
 * (counting the minutes within reach: demand that exceeds {@code maxReplicas × capacityPerPod} is short whatever any
 * setting does) and changes scale no more often than a standard HPA (target 0.7, 5-minute window) over the same span
 * wins; when none meets the SLO, the one short least often. The SLO the span's choice is held to is tightened by the
 * {@link SettingChoice#optimism} of choosing in sample: how much more often a setting chosen on some days is short on the next.
 *
 * <p>A floor must also pay for itself out of sample ({@link SettingChoice#floorPays}): the span is cut into {@link SettingChoice#FOLDS} equal
 * blocks, the floor setting is chosen on all blocks but one and judged on the one left out, and the floor is kept only
 * when, on every left-out block and over all of them, it is short no more often than the fixed reactive settings reach
 * at the same cost. Otherwise (a forecast without skill, news-driven spikes) the sizing steps back to the reactive HPA
 * alone, whose scale-down window is chosen by its curve before its target ({@link SettingChoice#chooseAlongCurves}).
 */
public final class SizingLearner {

    /** Shares of calibration windows the floor may miss: from below the median to almost never. */
    static final double[] ALPHAS = {0.8, 0.5, 0.3, 0.2, 0.1, 0.05, 0.02};
    /** Floor holds tried, in minutes: none, and up to an hour against churn. */
    static final int[] HOLDS = {0, 15, 30, 60};
    /**
     * Scale-down windows of the HPA alone (no floor), in minutes: the frontier's 1 and 5, and longer ones that change
     * scale less often — what a workload whose forecast does not pay falls back to without outrunning the churn of a
     * standard HPA. Under a floor (whose hold already calms it) the frontier's windows only.
     */
    static final List<Integer> REACTIVE_WINDOWS = List.of(1, 5, 10, 15);
    /** The standard HPA every setting is compared with: target 0.7, 5-minute scale-down window. */
    static final Sizing.Reactive REFERENCE = new Sizing.Reactive(0.7, 5);
    /**
     * How far back the HPA alone is judged when the forecast does not pay (hpa-floor mode): two weeks, within
     * Prometheus' default retention of 15 days. A plain HPA needs no forecast, so its setting can rest on more days than
     * the calibration span, and a setting chosen on more days changes less from one daily refit to the next.
     */
    public static final Duration REACTIVE_HISTORY = Duration.ofDays(14);
    private static final int DAY = 1440;

    private final PolicySettings settings;

    /** @param settings the actuator's policy settings, decision interval included: what will run */
    public SizingLearner(PolicySettings settings) {
        this.settings = settings;
    }

    /**
     * @param history the demand as the workload's query returns it, one-minute step, up to now; its last
     *     {@code spanMinutes} are the calibration span
     * @param calibration the forecasts made over the span by a model that did not train on it
     * @param spec the workload: capacity per pod, replica bounds, mode and SLO
     * @param startupDelay the start-up delay the actuator will use
     * @param spanMinutes length of the calibration span
     * @throws IllegalArgumentException when the span holds no decision to learn from
     */
    public Sizing learn(TimeSeries history, List<Forecast> calibration, WorkloadSpec spec, Duration startupDelay,
                        int spanMinutes) {
        return learn(history, calibration, spec, startupDelay, spanMinutes, history);
    }

    /** The decisions of the span the headroom is learnt from, as {@link #learn} finds them (for tests). */
    List<CalibrationPoint> calibrationPoints(TimeSeries history, List<Forecast> calibration, WorkloadSpec spec,
                                             Duration startupDelay, int spanMinutes) {
        return new CalibrationSpan(settings, history, calibration, spec, startupDelay, spanMinutes, history, history).points();
    }

    /**
     * As {@link #learn(TimeSeries, List, WorkloadSpec, Duration, int)}, with the HPA alone (no floor, hpa-floor mode)
     * chosen over {@code reactiveHistory}: a history ending with {@code history}, possibly longer (up to
     * {@link #REACTIVE_HISTORY}), on which a plain HPA can be judged without any forecast.
     */
    public Sizing learn(TimeSeries history, List<Forecast> calibration, WorkloadSpec spec, Duration startupDelay,
                        int spanMinutes, TimeSeries reactiveHistory) {
        return learn(history, calibration, spec, startupDelay, spanMinutes, reactiveHistory, reactiveHistory);
    }

    /**
     * As {@link #learn(TimeSeries, List, WorkloadSpec, Duration, int, TimeSeries)}, with the SLO judged on
     * {@code served}: the demand the pods serve, minute by minute, where the workload's query smooths it
     * ({@code slo.demandQuery}, e.g. a rate over 1 minute where the query is a rate over 5). The policy still sees the
     * query's signal; the headroom is learnt from the served demand's peaks and every setting's short minutes are
     * counted on it. {@code served} has the step, start and length of {@code reactiveHistory}.
     */
    public Sizing learn(TimeSeries history, List<Forecast> calibration, WorkloadSpec spec, Duration startupDelay,
                        int spanMinutes, TimeSeries reactiveHistory, TimeSeries served) {
        if (!served.step().equals(reactiveHistory.step()) || !served.start().equals(reactiveHistory.start())
                || served.size() != reactiveHistory.size()) {
            throw new IllegalArgumentException("the demand the SLO is judged on must cover the history read, minute "
                    + "for minute: got " + served.size() + " points from " + served.start() + " against "
                    + reactiveHistory.size() + " from " + reactiveHistory.start());
        }
        if (!history.step().equals(Duration.ofMinutes(1))) {
            throw new IllegalArgumentException("sizing is learnt at a one-minute step, got " + history.step());
        }
        if (!reactiveHistory.step().equals(history.step()) || !reactiveHistory.end().equals(history.end())) {
            throw new IllegalArgumentException("the history the HPA alone is judged on must have the step of the "
                    + "calibration history and end with it, got " + reactiveHistory.step() + " ending "
                    + reactiveHistory.end() + " against " + history.step() + " ending " + history.end());
        }
        CalibrationSpan span = new CalibrationSpan(settings, history, calibration, spec, startupDelay, spanMinutes, reactiveHistory, served);
        List<CalibrationPoint> points = span.points();
        if (points.isEmpty() || span.segments.isEmpty()) {
            throw new IllegalArgumentException("cannot learn the sizing of " + spec.key() + ": the calibration span of "
                    + spanMinutes + " minutes ending " + history.end() + " holds no decision with a forecast and the "
                    + "demand that followed");
        }
        Candidate reference = span.standardHpa();
        List<Candidate> tried = new ArrayList<>();
        boolean hpaFloor = spec.mode() == ScalingMode.HPA_FLOOR;
        for (Optional<Sizing.Floor> floor : floors(points, span, history)) {
            // replicas mode: the scale-down window is the actuator's own, not the sizing's, so one window; the target
            // sizes the replicas only without a floor (they follow the observed rate at it), so 0.7 under a floor
            List<Integer> windows = floor.isPresent() ? HpaFrontier.WINDOWS : REACTIVE_WINDOWS;
            for (int window : hpaFloor ? windows : windows.subList(0, 1)) {
                for (double target : hpaFloor || floor.isEmpty() ? HpaFrontier.targets() : List.of(0.7)) {
                    tried.add(span.simulate(floor.orElse(null), new Sizing.Reactive(target, window)));
                }
            }
        }
        double slo = spec.slo().maxShortMinutesPct();
        boolean floorPays = SettingChoice.floorPays(tried, reference, slo);
        double chosenWithin = floorPays ? slo / SettingChoice.optimism(tried, reference, slo) : Double.NaN;
        ChurnMargin churnOptimism = floorPays ? SettingChoice.churnOptimism(tried, reference, slo) : ChurnMargin.NONE;
        Candidate best = floorPays ? SettingChoice.chooseTightened(tried, reference, slo, chosenWithin, churnOptimism,
                Candidate::total)
                : reactiveOnly(tried.stream().filter(c -> c.floor() == null).toList(), reference, slo, span);
        Figures b = best.total();
        Figures ref = reference.total();
        return new Sizing(slo, (int) settings.decisionInterval().toMinutes(),
                (int) startupDelay.toMinutes(), Optional.ofNullable(best.floor()), best.reactive(),
                new Sizing.Calibration(best.minutes(), b.underPct(), ref.podMinutes() == 0 ? Double.NaN
                        : (double) b.podMinutes() / ref.podMinutes(), b.changes(), ref.changes(),
                        tried.size(), b.underPct() <= slo, chosenWithin));
    }

    /**
     * The sizing without floor: the cheapest reactive setting within the SLO and the reference's churn, judged over
     * the whole history read where it can be (hpa-floor mode), else over the span. The churn rule has the same
     * out-of-sample margin as a floor's ({@link SettingChoice#churnOptimismAlongCurves}): a low target, many small
     * pods, that changes scale just as often as the reference where it was chosen changes more often on the days after.
     */
    private static Candidate reactiveOnly(List<Candidate> reactive, Candidate reference, double slo, CalibrationSpan span) {
        Optional<Map<Sizing.Reactive, Figures[]>> whole = span.reactiveOverWholeHistory(reactive);
        if (whole.isEmpty()) {
            return SettingChoice.chooseAlongCurves(reactive, reference, slo,
                    SettingChoice.churnOptimismAlongCurves(reactive, reference, slo), Candidate::total);
        }
        Candidate referenceWhole = overWholeHistory(reference, whole.get().get(REFERENCE));
        List<Candidate> reactiveWhole = reactive.stream()
                .map(c -> overWholeHistory(c, whole.get().get(c.reactive()))).toList();
        ChurnMargin churnOptimism = SettingChoice.churnOptimismAlongCurves(reactiveWhole, referenceWhole, slo);
        Candidate chosen = SettingChoice.chooseAlongCurves(reactiveWhole, referenceWhole, slo, churnOptimism,
                Candidate::total);
        // what the sizing reports of its calibration is the span's, as for a floor
        return reactive.stream().filter(c -> c.reactive().equals(chosen.reactive())).findFirst().orElseThrow();
    }

    /** {@code c}'s setting with its figures over the whole history read, in the span's number of blocks. */
    private static Candidate overWholeHistory(Candidate c, Figures[] blocks) {
        int minutes = 0;
        for (Figures f : blocks) {
            minutes += f.minutes();
        }
        return new Candidate(c.floor(), c.reactive(), blocks, minutes);
    }

    /** No floor, then every headroom level × memory × hold. */
    private List<Optional<Sizing.Floor>> floors(List<CalibrationPoint> points, CalibrationSpan span, TimeSeries history) {
        List<Optional<Sizing.Floor>> out = new ArrayList<>();
        out.add(Optional.empty());
        int interval = (int) settings.decisionInterval().toMinutes();
        List<Integer> memories = new ArrayList<>(List.of(0));
        int daysBefore = (span.spanStart) / DAY;
        for (int days : new int[] {3, ObservedDemand.MAX_MEMORY_DAYS}) {
            if (daysBefore >= days && !memories.contains(days)) {
                memories.add(days);
            }
        }
        double leastSpread = CalibrationPoint.minSpreadFraction(points);
        for (double alpha : ALPHAS) {
            for (Headroom h : HeadroomLearner.learnBoth(points, alpha, interval, leastSpread)) {
                for (int memory : memories) {
                    for (int hold : HOLDS) {
                        out.add(Optional.of(new Sizing.Floor(h, memory, hold, leastSpread)));
                    }
                }
            }
        }
        return out;
    }
}
