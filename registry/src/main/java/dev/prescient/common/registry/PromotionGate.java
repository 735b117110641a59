package dev.prescient.common.registry;

import dev.prescient.common.forecast.SeasonalNaiveForecaster;
import dev.prescient.common.forecast.artifact.ValidationMetrics;
import dev.prescient.common.policy.Sizing;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Decides whether a candidate replaces production. A candidate is promoted only if its p50 MASE
 * beats the seasonal-naive baseline's MASE, when a production version exists, beats
 * production's MASE on the same window by at least the relative margin, and, when it carries a
 * learnt {@link Sizing}, that sizing met the workload's SLO on its calibration span. A candidate
 * without a sizing (trained before sizing was learnt) is judged on MASE alone. Reasons use only
 * characters allowed in S3 tag values, so they are stored unchanged.
 */
public final class PromotionGate {

    public static final double DEFAULT_MARGIN = 0.02;
    static final String BASELINE = SeasonalNaiveForecaster.TYPE;

    private final double margin;

    public PromotionGate() {
        this(DEFAULT_MARGIN);
    }

    /** @param margin relative improvement over production required, e.g. 0.02 for 2 percent */
    public PromotionGate(double margin) {
        if (!(margin >= 0 && margin < 1)) {
            throw new IllegalArgumentException("promotion margin " + margin + " is outside [0, 1); use e.g. 0.02");
        }
        this.margin = margin;
    }

    /**
     * A candidate without a sizing: {@link #decide(String, Map, OptionalDouble, Optional)} on MASE alone.
     */
    public GateDecision decide(String candidateType, Map<String, ValidationMetrics> metrics,
                               OptionalDouble productionMase) {
        return decide(candidateType, metrics, productionMase, Optional.empty());
    }

    /**
     * @param candidateType forecaster type of the candidate, the key of its own metrics
     * @param metrics the candidate manifest's validation metrics (its own and the baselines')
     * @param productionMase production's MASE on the same validation window, empty if nothing serves
     * @param sizing the candidate's learnt sizing, empty if it has none
     */
    public GateDecision decide(String candidateType, Map<String, ValidationMetrics> metrics,
                               OptionalDouble productionMase, Optional<Sizing> sizing) {
        GateDecision onMase = onMase(candidateType, metrics, productionMase);
        if (!onMase.promote() || sizing.isEmpty()) {
            return onMase;
        }
        Sizing.Calibration calibration = sizing.get().calibration();
        String measured = fmt2(calibration.underProvisionedPct()) + " percent of minutes short against at most "
                + fmt2(sizing.get().sloShortMinutesPct()) + " percent";
        if (!calibration.meetsSlo()) {
            return refuse(candidateType + " sizing misses its SLO on the calibration span: " + measured);
        }
        return new GateDecision(true, onMase.reason() + " and its sizing meets the SLO: " + measured);
    }

    private GateDecision onMase(String candidateType, Map<String, ValidationMetrics> metrics,
                                OptionalDouble productionMase) {
        ValidationMetrics own = metrics.get(candidateType);
        if (own == null || !Double.isFinite(own.mase())) {
            return refuse("no finite MASE for candidate type " + candidateType + " in the validation metrics");
        }
        ValidationMetrics baseline = metrics.get(BASELINE);
        if (baseline == null || !Double.isFinite(baseline.mase())) {
            return refuse("no finite " + BASELINE + " MASE in the validation metrics to compare with");
        }
        double mase = own.mase();
        if (mase >= baseline.mase()) {
            return refuse(candidateType + " MASE " + fmt(mase) + " does not beat " + BASELINE + " " + fmt(baseline.mase()));
        }
        if (productionMase.isEmpty()) {
            return new GateDecision(true, "promoted: " + candidateType + " MASE " + fmt(mase) + " beats " + BASELINE
                    + " " + fmt(baseline.mase()) + " and nothing is in production");
        }
        return againstProduction(candidateType, mase, baseline.mase(), productionMase.getAsDouble());
    }

    private GateDecision againstProduction(String type, double mase, double baseline, double production) {
        if (!Double.isFinite(production)) {
            return refuse("production MASE is not finite: compute it on the same validation window");
        }
        double needed = production * (1 - margin);
        if (!(mase < needed)) {
            return refuse(type + " MASE " + fmt(mase) + " misses the " + pct(margin) + " percent margin over production "
                    + fmt(production) + ": needs below " + fmt(needed));
        }
        double gain = production > 0 ? (production - mase) / production : 0;
        return new GateDecision(true, "promoted: " + type + " MASE " + fmt(mase) + " beats production " + fmt(production)
                + " by " + pct(gain) + " percent with margin " + pct(margin) + " percent and " + BASELINE + " "
                + fmt(baseline));
    }

    private static GateDecision refuse(String why) {
        return new GateDecision(false, "refused: " + why);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String fmt2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String pct(double share) {
        return String.format(Locale.ROOT, "%.1f", share * 100);
    }
}
