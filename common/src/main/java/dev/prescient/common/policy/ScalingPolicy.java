package dev.prescient.common.policy;

import dev.prescient.common.forecast.Forecast;
import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.burst.BurstCover;
import dev.prescient.common.policy.burst.BurstSettings;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The one scaling policy, a pure function used unchanged by the actuator and the backtest:
 * forecast + workload + current state + recent recommendations + clock → decision with a reason.
 *
 * <p>Rules, in order:
 * <ol>
 *   <li>Hold when the target is paused, the workload is demoted, the forecast is missing, older than
 *       {@code maxForecastAge}, from a fallback forecaster (if {@code holdOnFallback}), or does not reach the
 *       sizing window. A hold keeps the current replicas; in hpa-floor mode it restores the configured
 *       {@code minReplicas} as the floor (the HPA keeps scaling reactively), except when paused. A demoted
 *       workload in replicas or dry-run mode, which has no HPA, gets the reactive fallback instead: sized from the
 *       newest observed rate (up at once, down by at most {@code maxScaleDownStep}), or kept when none is known.</li>
 *   <li>Size for the chosen quantile's peak over [now + startup delay, now + interval + startup delay) — from
 *       when pods asked for now serve until pods asked for at the next decision serve — but never for less
 *       than the demand observed over that same window on each of the last {@code seasonalMemoryDays} days
 *       (a recurring burst the forecast's quantile misses) — scaled, when {@code memoryLevelWindow} is set,
 *       by how much quieter or busier (at most twice) the last minutes run today than the same minutes ran that
 *       day — divided by
 *       {@code capacityPerPod × targetUtilization}, rounded up.</li>
 *   <li>With the recurring-burst cover on, never size below the expected peak of a recurring burst whose onset
 *       is near ({@code now ∈ [onset - startup delay, onset + hold)}), likely enough for the pods it adds
 *       ({@code p / (1 - p) >= costWeight × extra pods}) and not refuted by the demand seen since the onset passed:
 *       a burst that did not come releases its pods at the next decision.</li>
 *   <li>Scale up at once. Scale down only to the highest recommendation within the stabilisation window,
 *       never below what the forecast or the newest observed demand needs before new pods could start
 *       ([now, now + startup delay)), and by at most {@code maxScaleDownStep} replicas.</li>
 *   <li>Clamp to [minReplicas, maxReplicas].</li>
 * </ol>
 * In hpa-floor mode the result is the HPA's floor, so the HPA's own recommendation may go above it.
 */
public final class ScalingPolicy {

    private static final DateTimeFormatter HHMM = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    private final PolicySettings settings;

    public ScalingPolicy(PolicySettings settings) {
        this.settings = settings;
    }

    public PolicySettings settings() {
        return settings;
    }

    /**
     * @param forecast the latest forecast, empty when the predictor gave none
     * @param spec the workload
     * @param startupDelay the workload's start-up delay (configured or measured)
     * @param state the target's current replicas or floor
     * @param recent recommendations made before, any order; those older than the stabilisation window are ignored
     * @param now the decision time
     */
    public Decision decide(Optional<ForecastView> forecast, WorkloadSpec spec, Duration startupDelay,
                           ScaleState state, List<PastDecision> recent, Instant now) {
        return decide(forecast, spec, startupDelay, state, recent, now, Observed.none());
    }

    /**
     * As {@link #decide(Optional, WorkloadSpec, Duration, ScaleState, List, Instant)}, with observed demand as a
     * guard: the sizing respects the same window's peaks on past days and scale-down the newest rate.
     */
    public Decision decide(Optional<ForecastView> forecast, WorkloadSpec spec, Duration startupDelay,
                           ScaleState state, List<PastDecision> recent, Instant now, Observed observed) {
        int current = currentValue(spec, state);
        Instant windowStart = now.plus(startupDelay);
        Instant windowEnd = windowStart.plus(settings.decisionInterval());
        Optional<Decision> hold = holdIfNeeded(forecast, spec, state, current, now, windowStart, windowEnd, observed);
        if (hold.isPresent()) {
            return hold.get();
        }
        ForecastView view = forecast.orElseThrow();
        Forecast f = view.forecast();
        double capacity = spec.capacityPerPod() * spec.targetUtilization();
        double forecastPeak = peak(f, windowStart, windowEnd);
        if (Double.isNaN(forecastPeak)) {
            return hold(HoldReason.FORECAST_TOO_SHORT, spec, state, current, windowStart, windowEnd,
                    "forecast ends " + f.timeAt(f.horizon()) + ", before the sizing window "
                            + span(windowStart, windowEnd));
        }
        int memoryDay = seasonalMemoryDay(observed, forecastPeak);
        double peak = memoryDay == 0 ? forecastPeak : remembered(observed, memoryDay);
        int recommended = (int) Math.ceil(peak / capacity - 1e-9);
        Optional<BurstCover> burst = burstToCover(observed, now, startupDelay, capacity);
        int burstNeed = burst.map(b -> (int) Math.ceil(b.peakDemand() / capacity - 1e-9)).orElse(0);
        boolean byBurst = burstNeed > recommended;
        if (byBurst) {
            peak = burst.get().peakDemand();
            recommended = burstNeed;
        }
        int desired = recommended;
        if (recommended < current) {
            double nearPeak = max(peak(f, now, windowStart), observed.lastRate());
            desired = limitScaleDown(current, recommended, nearPeak, capacity, recent, now);
        }
        desired = clamp(desired, spec);
        Decision.Action action = desired > current ? Decision.Action.SCALE_UP
                : desired < current ? Decision.Action.SCALE_DOWN : Decision.Action.NO_CHANGE;
        String sizedBy = byBurst ? burstText(burst.get())
                : memoryDay == 0 ? quantileName() + " " + format(peak) : rememberedText(observed, memoryDay);
        String reason = explain(action, spec, current, desired, recommended, sizedBy, windowStart, windowEnd, view);
        if (byBurst || memoryDay > 0) {
            reason += "; forecast " + quantileName() + " was " + format(forecastPeak);
        }
        return new Decision(action, desired, recommended, peak, windowStart, windowEnd, Optional.empty(), reason);
    }

    private Optional<Decision> holdIfNeeded(Optional<ForecastView> forecast, WorkloadSpec spec, ScaleState state,
                                            int current, Instant now, Instant windowStart, Instant windowEnd,
                                            Observed observed) {
        if (state.paused()) {
            return Optional.of(hold(HoldReason.PAUSED, spec, state, current, windowStart, windowEnd,
                    "target is paused by annotation prescient.dev/paused=true"));
        }
        if (state.demoted()) {
            return Optional.of(demoted(spec, state, current, observed, windowStart, windowEnd));
        }
        if (forecast.isEmpty()) {
            return Optional.of(hold(HoldReason.FORECAST_MISSING, spec, state, current, windowStart, windowEnd,
                    "no forecast is available"));
        }
        ForecastView view = forecast.get();
        Duration age = Duration.between(view.generatedAt(), now);
        if (age.compareTo(settings.maxForecastAge()) > 0) {
            return Optional.of(hold(HoldReason.FORECAST_STALE, spec, state, current, windowStart, windowEnd,
                    "forecast generated at " + view.generatedAt() + " is " + age.toSeconds() + " s old (limit "
                            + settings.maxForecastAge().toSeconds() + " s)"));
        }
        if (view.isFallback() && settings.holdOnFallback()) {
            return Optional.of(hold(HoldReason.FALLBACK_FORECAST, spec, state, current, windowStart, windowEnd,
                    "forecast comes from " + view.source() + ", not from a trained model"));
        }
        return Optional.empty();
    }

    /**
     * Demoted: the forecast is not used. In hpa-floor mode the HPA is the reactive fallback (the floor returns to the
     * baseline); otherwise the fallback sizes from the newest observed rate like an HPA on the workload's target.
     */
    private Decision demoted(WorkloadSpec spec, ScaleState state, int current, Observed observed, Instant windowStart,
                             Instant windowEnd) {
        String detail = "forecasts are demoted for poor accuracy; scaling is left to the reactive fallback";
        double rate = observed.lastRate();
        if (spec.mode() == ScalingMode.HPA_FLOOR || Double.isNaN(rate)) {
            return hold(HoldReason.DEMOTED, spec, state, current, windowStart, windowEnd,
                    spec.mode() == ScalingMode.HPA_FLOOR ? detail : detail + ", which has no observed rate to size from");
        }
        int need = (int) Math.ceil(rate / (spec.capacityPerPod() * spec.targetUtilization()) - 1e-9);
        int desired = clamp(need >= current ? need : Math.max(need, current - settings.maxScaleDownStep()), spec);
        String effect = desired == current ? "keeping " + current + " replicas" : "setting " + current + "→" + desired;
        return new Decision(Decision.Action.HOLD, desired, 0, Double.NaN, windowStart, windowEnd,
                Optional.of(HoldReason.DEMOTED), "hold (" + HoldReason.DEMOTED.tag() + "): " + detail
                + ": the newest observed rate " + format(rate) + " needs " + need + "; " + effect);
    }

    private Decision hold(HoldReason why, WorkloadSpec spec, ScaleState state, int current, Instant windowStart,
                          Instant windowEnd, String detail) {
        int keep = current;
        String effect = "keeping " + current + " replicas";
        if (spec.mode() == ScalingMode.HPA_FLOOR && why != HoldReason.PAUSED) {
            keep = clamp(spec.minReplicas(), spec);
            effect = "restoring the HPA floor to the configured minReplicas " + keep;
        } else if (spec.mode() == ScalingMode.HPA_FLOOR) {
            effect = "keeping the HPA floor at " + current;
        }
        return new Decision(Decision.Action.HOLD, keep, 0, Double.NaN, windowStart, windowEnd, Optional.of(why),
                "hold (" + why.tag() + "): " + detail + "; " + effect);
    }

    private int currentValue(WorkloadSpec spec, ScaleState state) {
        if (spec.mode() == ScalingMode.HPA_FLOOR) {
            return state.currentFloor().orElse(spec.minReplicas());
        }
        return state.currentReplicas();
    }

    /** Scale-down only to the near-term need, the stabilised recommendation and the step limit. */
    private int limitScaleDown(int current, int recommended, double nearPeak, double capacity,
                               List<PastDecision> recent, Instant now) {
        int nearNeed = Double.isNaN(nearPeak) ? recommended : (int) Math.ceil(nearPeak / capacity - 1e-9);
        int desired = Math.max(recommended, Math.min(current, nearNeed));
        desired = Math.max(desired, stabilised(recent, recommended, now));
        return Math.max(desired, current - settings.maxScaleDownStep());
    }

    /**
     * The costliest recurring-burst onset worth covering now: pods asked for now or before serve from it
     * ({@code now ∈ [onset - startupDelay, onset + hold)}), it is not refuted by the demand seen since it passed, and
     * its odds {@code p / (1 - p)} reach {@code costWeight} × the pods it adds over the level's need.
     */
    private Optional<BurstCover> burstToCover(Observed observed, Instant now, Duration startupDelay, double capacity) {
        if (settings.bursts().isEmpty()) {
            return Optional.empty();
        }
        BurstSettings b = settings.bursts().get();
        BurstCover best = null;
        for (BurstCover c : observed.bursts()) {
            if (c.refuted() || now.isBefore(c.onset().minus(startupDelay)) || !now.isBefore(c.onset().plus(b.hold()))) {
                continue;
            }
            int pods = (int) Math.ceil(c.peakDemand() / capacity - 1e-9);
            int extra = Math.max(1, pods - (int) Math.ceil(c.level() / capacity - 1e-9));
            double p = c.probability();
            boolean worth = p >= 1 || p / (1 - p) >= b.costWeight() * extra;
            if (worth && (best == null || c.peakDemand() > best.peakDemand())) {
                best = c;
            }
        }
        return Optional.ofNullable(best);
    }

    private static String burstText(BurstCover c) {
        return String.format(Locale.ROOT, "recurring burst expected from %s (chance %.0f %%, %.1f× the level %s) %s",
                HHMM.format(c.onset()), 100 * c.probability(), c.peakDemand() / c.level(), format(c.level()),
                format(c.peakDemand()));
    }

    /**
     * Which past day's remembered peak (1 = yesterday) exceeds the forecast peak most; 0 when none does. With the
     * recurring-burst cover on, a day whose burst had started by now while today's has not is left out.
     */
    private int seasonalMemoryDay(Observed observed, double forecastPeak) {
        int day = 0;
        double highest = forecastPeak;
        int days = Math.min(settings.seasonalMemoryDays(), observed.sameWindowPeaks().size());
        for (int i = 1; i <= days; i++) {
            if (settings.bursts().isPresent()
                    && observed.burstDidNotRecur(i, settings.bursts().get().confirmRatio())) {
                continue;
            }
            double v = remembered(observed, i);
            if (v > highest) {
                highest = v;
                day = i;
            }
        }
        return day;
    }

    /** The same-window peak of {@code day} days ago, scaled to today's level when a level window is set. */
    private double remembered(Observed observed, int day) {
        return observed.sameWindowPeaks().get(day - 1) * levelScale(observed, day);
    }

    private double levelScale(Observed observed, int day) {
        return settings.scalesMemoryToLevel() ? observed.levelScale(day) : 1;
    }

    private String rememberedText(Observed observed, int day) {
        String text = "demand " + day + " d earlier " + format(observed.sameWindowPeaks().get(day - 1));
        double scale = levelScale(observed, day);
        if (scale != 1) {
            text += String.format(Locale.ROOT, " × %.2f for today's %s level = %s", scale,
                    scale < 1 ? "lower" : "higher", format(remembered(observed, day)));
        }
        return text;
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    private String quantileName() {
        return settings.quantile() == 0.9 ? "p90" : "p50";
    }

    private static double max(double a, double b) {
        if (Double.isNaN(a)) {
            return b;
        }
        return Double.isNaN(b) ? a : Math.max(a, b);
    }

    private int stabilised(List<PastDecision> recent, int recommended, Instant now) {
        Instant since = now.minus(settings.scaleDownStabilization());
        int max = recommended;
        for (PastDecision d : recent) {
            if (d.at().isAfter(since) && !d.at().isAfter(now)) {
                max = Math.max(max, d.recommendedReplicas());
            }
        }
        return max;
    }

    /** Peak of the sizing quantile over steps overlapping [from, to); NaN when no step does. */
    double peak(Forecast f, Instant from, Instant to) {
        double peak = Double.NaN;
        for (int i = 0; i < f.horizon(); i++) {
            Instant a = f.timeAt(i);
            Instant b = a.plus(f.step());
            if (b.isAfter(from) && a.isBefore(to)) {
                double v = settings.quantile() == 0.9 ? f.p90At(i) : f.p50At(i);
                peak = Double.isNaN(peak) ? v : Math.max(peak, v);
            }
        }
        if (!Double.isNaN(peak) && f.timeAt(f.horizon()).isBefore(to)) {
            return Double.NaN;
        }
        return peak;
    }

    private static int clamp(int replicas, WorkloadSpec spec) {
        return Math.max(spec.minReplicas(), Math.min(spec.maxReplicas(), replicas));
    }

    private String explain(Decision.Action action, WorkloadSpec spec, int current, int desired, int recommended,
                           String sizedBy, Instant from, Instant to, ForecastView view) {
        String what = spec.mode() == ScalingMode.HPA_FLOOR ? "HPA floor " : "";
        String verb = switch (action) {
            case SCALE_UP -> "scaled " + what + current + "→" + desired;
            case SCALE_DOWN -> "scaled " + what + "down " + current + "→" + desired;
            default -> "kept " + what + current;
        };
        StringBuilder sb = new StringBuilder(verb).append(": ")
                .append(sizedBy)
                .append(" over ").append(span(from, to))
                .append(" needs ").append(recommended);
        if (desired != recommended) {
            sb.append(limits(desired, recommended, spec));
        }
        sb.append(", model ").append(view.modelVersion() == null ? view.source() : view.modelVersion());
        return sb.toString();
    }

    private static String limits(int desired, int recommended, WorkloadSpec spec) {
        if (desired == spec.maxReplicas() && recommended > desired) {
            return " (capped at maxReplicas " + spec.maxReplicas() + ")";
        }
        if (desired == spec.minReplicas() && recommended < desired) {
            return " (raised to minReplicas " + spec.minReplicas() + ")";
        }
        return " (scale-down limited by stabilisation, near-term need or step)";
    }

    private static String span(Instant from, Instant to) {
        return HHMM.format(from) + "–" + HHMM.format(to);
    }
}
