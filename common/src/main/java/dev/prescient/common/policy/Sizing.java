package dev.prescient.common.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * How one workload is sized, learnt by the trainer from the workload's own history and shipped inside its model
 * version (one file, covered by the version's checksums): the trainer replays the newest span of the history that the
 * model did not train on, measures the errors the model makes at the decision the actuator takes, and keeps the
 * cheapest setting that meets the workload's SLO on that span. Nothing here is configured by hand.
 *
 * @param sloShortMinutesPct the SLO it was learnt for: at most this % of minutes with demand above ready capacity
 * @param decisionIntervalMinutes the actuator's decision interval it was learnt for
 * @param startupDelayMinutes the start-up delay it was learnt for
 * @param floor how the forecast sizes the floor; empty when the forecast did not pay for itself on the calibration
 *     span (the reactive HPA alone scales, the floor stays at {@code minReplicas})
 * @param reactive the HPA under the floor (hpa-floor mode)
 * @param calibration what the chosen setting did on the calibration span
 */
public record Sizing(double sloShortMinutesPct, int decisionIntervalMinutes, int startupDelayMinutes,
                     Optional<Floor> floor, Reactive reactive, Calibration calibration) {

    public Sizing {
        Objects.requireNonNull(floor, "floor");
        Objects.requireNonNull(reactive, "reactive");
        Objects.requireNonNull(calibration, "calibration");
        if (!(sloShortMinutesPct > 0) || sloShortMinutesPct >= 100) {
            throw new IllegalArgumentException("sizing SLO must be in (0, 100) % of minutes, got " + sloShortMinutesPct);
        }
        if (decisionIntervalMinutes < 1 || startupDelayMinutes < 0) {
            throw new IllegalArgumentException("sizing learnt for a decision interval of " + decisionIntervalMinutes
                    + " min and a start-up delay of " + startupDelayMinutes + " min: interval must be >= 1, delay >= 0");
        }
    }

    /**
     * The sizing of a workload whose model came without one (a model trained before sizing was learnt): the floor
     * plans for the forecast's p90 peak, no memory, and the HPA under it keeps the workload's own
     * {@code targetUtilization} with the Kubernetes default 5-minute scale-down window.
     */
    public static Sizing untrained(double sloShortMinutesPct, int decisionIntervalMinutes, int startupDelayMinutes,
                                   double targetUtilization) {
        return new Sizing(sloShortMinutesPct, decisionIntervalMinutes, startupDelayMinutes,
                Optional.of(new Floor(Headroom.uniform(1.0), 0, 0)), new Reactive(targetUtilization, 5),
                Calibration.none());
    }

    /**
     * How the forecast sizes the floor over the window the new pods serve: {@code p50 + headroom × spread}, where
     * p50 and p90 are the forecast's peaks over the window and the spread is {@code p90 - p50} (the model's own
     * uncertainty; at least {@code minSpreadFraction} of p50), the headroom a split-conformal quantile of the
     * calibration errors; never below what the same window saw on the last {@code memoryDays} days (scaled down when
     * today runs quieter).
     *
     * <p>The least spread is learnt with the headroom: a model whose p90 collapses onto its p50 (it happens to an
     * LSTM now and then) gives spreads that say nothing of its errors, and a headroom counted in them would be tens of
     * spreads, which a model with a sound p90 would turn into a floor several times the demand. Counted in at least
     * the calibration's typical error, the headroom means the same with either model.
     *
     * @param headroom the learnt headroom, per phase where the calibration showed that phases differ
     * @param memoryDays past days whose same window the floor never goes below (0 = forecast only)
     * @param holdMinutes the floor goes down only to the highest recommendation of this many minutes (churn)
     * @param minSpreadFraction the least spread, as a fraction of p50 ({@link #DEFAULT_MIN_SPREAD_FRACTION} for a
     *     sizing that does not give one)
     */
    public record Floor(Headroom headroom, int memoryDays, int holdMinutes, double minSpreadFraction) {

        /** The least spread of a sizing learnt before the least spread was: a thousandth of p50. */
        public static final double DEFAULT_MIN_SPREAD_FRACTION = 1e-3;

        public Floor {
            Objects.requireNonNull(headroom, "headroom");
            if (memoryDays < 0 || holdMinutes < 0) {
                throw new IllegalArgumentException("floor memoryDays and holdMinutes must be >= 0, got "
                        + memoryDays + " and " + holdMinutes);
            }
            if (!(minSpreadFraction >= 0) || minSpreadFraction > 1) {
                throw new IllegalArgumentException("floor minSpreadFraction must be in [0, 1] (a fraction of p50), "
                        + "got " + minSpreadFraction);
            }
        }

        /** A floor with the default least spread. */
        public Floor(Headroom headroom, int memoryDays, int holdMinutes) {
            this(headroom, memoryDays, holdMinutes, DEFAULT_MIN_SPREAD_FRACTION);
        }

        /** The demand the floor plans for, from the forecast's p50 and p90 peaks over the window at that phase. */
        public double plannedDemand(double p50Peak, double p90Peak, int minuteOfDay) {
            return Math.max(0, p50Peak + headroom.at(minuteOfDay) * spread(p50Peak, p90Peak, minSpreadFraction));
        }

        /**
         * The model's uncertainty a headroom is counted in: p90 - p50, at least {@code minSpreadFraction} of p50 (and
         * > 0).
         */
        public static double spread(double p50Peak, double p90Peak, double minSpreadFraction) {
            return Math.max(p90Peak - p50Peak, Math.max(minSpreadFraction * p50Peak, 1e-9));
        }
    }

    /**
     * The HPA under the floor, as the actuator sets it.
     *
     * @param targetUtilization the HPA's utilisation target, in (0, 1]
     * @param scaleDownWindowMinutes its scale-down stabilisation window
     */
    public record Reactive(double targetUtilization, int scaleDownWindowMinutes) {

        public Reactive {
            if (!(targetUtilization > 0) || targetUtilization > 1 || scaleDownWindowMinutes < 0) {
                throw new IllegalArgumentException("reactive target must be in (0, 1] and window >= 0, got "
                        + targetUtilization + " and " + scaleDownWindowMinutes + " min");
            }
        }
    }

    /**
     * What the chosen setting did on the calibration span, in the simulator.
     *
     * @param minutes minutes simulated (0 = not calibrated)
     * @param underProvisionedPct % of those minutes short of capacity
     * @param costVsReference pod-minutes divided by those of the reference HPA (target 0.7, 5-minute window)
     * @param scaleChanges scale changes
     * @param referenceScaleChanges scale changes of the reference HPA over the same span
     * @param settingsTried settings simulated to choose this one
     * @param meetsSlo whether it met the SLO there (else it was the setting that came closest)
     * @param chosenWithinPct the share of short minutes the setting was chosen within on the span: the SLO tightened
     *     for the optimism of choosing in sample (how much more often a setting chosen on some days of the span was
     *     short on the day left out); NaN when not recorded (the HPA alone, chosen over the whole history, or a sizing
     *     learnt before it was)
     */
    public record Calibration(int minutes, double underProvisionedPct, double costVsReference, int scaleChanges,
                              int referenceScaleChanges, int settingsTried, boolean meetsSlo, double chosenWithinPct) {

        /** A calibration without the tightened bound recorded. */
        public Calibration(int minutes, double underProvisionedPct, double costVsReference, int scaleChanges,
                           int referenceScaleChanges, int settingsTried, boolean meetsSlo) {
            this(minutes, underProvisionedPct, costVsReference, scaleChanges, referenceScaleChanges, settingsTried,
                    meetsSlo, Double.NaN);
        }

        /** Not calibrated: a default sizing. */
        public static Calibration none() {
            return new Calibration(0, Double.NaN, Double.NaN, 0, 0, 0, false);
        }
    }
}
