package dev.prescient.trainer.training;

import dev.prescient.common.config.DurationParser;
import dev.prescient.common.forecast.Forecast;
import dev.prescient.common.forecast.ForecastException;
import dev.prescient.common.forecast.ForecastSettings;
import dev.prescient.common.forecast.Forecaster;
import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.PolicySettings;
import dev.prescient.common.series.TimeSeries;
import dev.prescient.trainer.sizing.CalibrationReplay;
import dev.prescient.trainer.sizing.SizingLearner;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The training job's sizing step: what the new model version will be sized by. The newest part of the fetched
 * history, up to {@link #calibrationSpan} ({@link CalibrationReplay#spanSteps}), is the calibration span; a model of the same forecaster, with the same settings, is fitted on
 * at most the workload's {@code history} before it and forecasts from every origin of the span every
 * {@value #ORIGIN_EVERY} steps ({@link CalibrationReplay}); {@link SizingLearner} turns those forecasts into the
 * sizing under the actuator's policy settings (its decision interval included), the workload's start-up delay (the
 * 3-minute default when it is not configured), rounded up to whole minutes, and the workload's SLO.
 *
 * <p>The trainer therefore reads {@code history + }{@link #calibrationSpan}: the calibration model trains on the
 * {@code history} before the span, the production model on the newest {@code history}, as before. A workload whose
 * observed history is shorter (new to Prometheus: only gaps at the start) gets a shorter span, measured from its first
 * observed point, down to one day, leaving {@link CalibrationReplay#MIN_TRAIN_DAYS} days to train on when it can.
 */
public final class SizingTraining {

    /** Steps between two forecast origins of the calibration span. */
    public static final int ORIGIN_EVERY = 5;
    private static final Duration ONE_MINUTE = Duration.ofMinutes(1);
    private static final Logger LOG = Logger.getLogger(SizingTraining.class);

    private final PolicySettings policy;

    /**
     * @param actuatorInterval the actuator's decision interval ({@code prescient.actuator.interval}), whole minutes
     * @throws IllegalArgumentException when the interval is not a positive whole number of minutes
     */
    public SizingTraining(Duration actuatorInterval) {
        if (actuatorInterval.compareTo(ONE_MINUTE) < 0 || actuatorInterval.toSecondsPart() != 0
                || actuatorInterval.toNanosPart() != 0) {
            throw new IllegalArgumentException("the actuator's decision interval must be a whole number of minutes,"
                    + " at least 1m, got " + DurationParser.format(actuatorInterval));
        }
        this.policy = PolicySettings.defaults().withDecisionInterval(actuatorInterval);
    }

    /** The actuator's shipped interval, 5 minutes. */
    public static SizingTraining defaults() {
        return new SizingTraining(PolicySettings.DEFAULT_INTERVAL);
    }

    /** The policy settings the sizing is learnt under. */
    public PolicySettings policy() {
        return policy;
    }

    /**
     * How far back the trainer reads: {@code history} plus the calibration span, and in hpa-floor mode at least
     * {@link SizingLearner#REACTIVE_HISTORY}, over which the HPA alone is judged when the forecast does not pay.
     */
    public static Duration readFor(WorkloadSpec spec) {
        Duration range = spec.history().plus(spec.step().multipliedBy(spanSteps(spec)));
        return spec.mode() == ScalingMode.HPA_FLOOR && range.compareTo(SizingLearner.REACTIVE_HISTORY) < 0
                ? SizingLearner.REACTIVE_HISTORY : range;
    }

    /**
     * The longest newest part of the history the sizing is learnt on: three days, or as many as the workload's
     * history up to a week ({@link CalibrationReplay#spanDays}).
     */
    public static Duration calibrationSpan(WorkloadSpec spec) {
        return Duration.ofDays(CalibrationReplay.spanDays(spec.history()));
    }

    /** Steps of the calibration span at the workload's step: what the trainer reads on top of its history. */
    public static int spanSteps(WorkloadSpec spec) {
        return (int) -Math.floorDiv(-calibrationSpan(spec).toMillis(), spec.step().toMillis());
    }

    /**
     * Never throws for the data: a sizing that cannot be learnt (a step other than one minute, too short a history,
     * a calibration model that cannot be fitted, no decision in the span) comes back with the reason.
     *
     * @param forecaster the forecaster of the production model, with its settings
     * @param fetched the history as fetched, ending now: {@code history} plus the calibration span, or more (up to
     *     {@link #readFor}); the HPA alone is judged on all of it, the forecast on {@code history} plus the span
     * @param settings the production model's forecast settings
     */
    public LearntSizing learn(Forecaster forecaster, WorkloadSpec spec, TimeSeries fetched, ForecastSettings settings) {
        return learn(forecaster, spec, fetched, Optional.empty(), settings);
    }

    /**
     * As {@link #learn(Forecaster, WorkloadSpec, TimeSeries, ForecastSettings)}, with the SLO judged on
     * {@code served} where the workload gives {@code slo.demandQuery}: the demand the pods serve, fetched over the same
     * range, put on {@code fetched}'s grid (a minute it lacks is a gap). Empty: judged on {@code fetched} itself.
     */
    public LearntSizing learn(Forecaster forecaster, WorkloadSpec spec, TimeSeries fetched,
                              Optional<TimeSeries> served, ForecastSettings settings) {
        String what = "cannot learn the sizing of " + spec.key() + ": ";
        if (!spec.step().equals(ONE_MINUTE)) {
            return LearntSizing.none(what + "sizing is learnt at a one-minute step and the workload's step is "
                    + DurationParser.format(spec.step()));
        }
        TimeSeries reactive = fetched;
        TimeSeries judged = served.map(d -> onGridOf(reactive, d)).orElse(reactive);
        int read = spec.historySteps() + spanSteps(spec);
        fetched = fetched.size() <= read ? fetched : fetched.slice(fetched.size() - read, fetched.size());
        int span = CalibrationReplay.spanSteps(observedSteps(fetched), settings.seasonSteps(),
                CalibrationReplay.spanDays(spec.history()));
        long start = System.nanoTime();
        try {
            List<Forecast> calibration = CalibrationReplay.replay(forecaster, fetched, span, spec.historySteps(),
                    settings, ORIGIN_EVERY);
            LearntSizing learnt = LearntSizing.of(new SizingLearner(policy).learn(fetched, calibration, spec,
                    startupDelay(spec), span, reactive, judged));
            LOG.debugf("learnt the sizing of %s from %d calibration forecasts in %.1f s", spec.key(),
                    calibration.size(), (System.nanoTime() - start) / 1e9);
            return learnt;
        } catch (ForecastException | IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            return LearntSizing.none(message.contains(spec.key()) ? message : what + message);
        }
    }

    /**
     * Steps from the first observed point to the end: a workload new to Prometheus has only gaps before it, and its
     * calibration span shrinks (down to one day) so that the calibration model still has history to train on.
     */
    static int observedSteps(TimeSeries fetched) {
        int first = 0;
        while (first < fetched.size() && fetched.isGap(first)) {
            first++;
        }
        return fetched.size() - first;
    }

    /** {@code other}'s values at {@code grid}'s minutes: a gap where it has none. */
    static TimeSeries onGridOf(TimeSeries grid, TimeSeries other) {
        double[] out = new double[grid.size()];
        for (int i = 0; i < out.length; i++) {
            long j = other.indexOf(grid.timeAt(i));
            out[i] = j >= 0 && j < other.size() && grid.timeAt(i).equals(other.timeAt((int) j))
                    ? other.valueAt((int) j) : Double.NaN;
        }
        return new TimeSeries(grid.start(), grid.step(), out);
    }

    /** The workload's start-up delay, else the 3-minute default, rounded up to whole minutes as the simulator counts. */
    static Duration startupDelay(WorkloadSpec spec) {
        Duration d = spec.startupDelay().orElse(WorkloadSpec.DEFAULT_STARTUP_DELAY);
        return Duration.ofMinutes(-Math.floorDiv(-d.toMillis(), ONE_MINUTE.toMillis()));
    }
}
