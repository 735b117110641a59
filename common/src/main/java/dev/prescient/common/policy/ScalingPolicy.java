package dev.prescient.common.policy;

import dev.prescient.common.forecast.Forecast;
import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.model.WorkloadSpec;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The one scaling policy, a pure function used unchanged by the actuator, the backtest and the trainer (which learns
 * the sizing by simulating it): forecast + learnt sizing + workload + current state + recent recommendations + clock
 * → decision with a reason.
 *
 * <p>Rules, in order:
 * <ol>
 *   <li>Hold when the target is paused, the workload is demoted, the forecast is missing, older than
 *       {@code maxForecastAge}, from a fallback forecaster (if {@code holdOnFallback}), does not reach the sizing
 *       window, or peaks above {@code maxForecastRatio} × the highest demand observed. A paused target is left as it
 *       is. Otherwise a hold does not drop capacity faster than a scale-down: the floor (hpa-floor) or the replicas
 *       stay, then decay through the same stabilisation window and step limit towards what the newest observed demand
 *       needs (never below it), or go to the workload's {@code fallbackReplicas} when it sets one; with no observed
 *       demand they stay. In replicas mode, which has no HPA, a hold also rises to the observed need.</li>
 *   <li>Size with the learnt {@link Sizing} (the model version's; a default when the model has none): when the sizing
 *       has a floor, plan for {@code p50 + headroom × spread} over [now + startup delay, now + startup delay +
 *       interval) — from when pods asked for now serve until pods asked for at the next decision serve — but never
 *       for less than the same window's demand on each remembered day (scaled down when today runs quieter), and ask
 *       for that demand ÷ {@code capacityPerPod} pods, rounded up. A sizing without a floor leaves the floor at
 *       {@code minReplicas} (the HPA alone scales).</li>
 *   <li>Scale up by at most max(100 %, 4 pods) of what runs (configurable). Scale down only to the highest
 *       recommendation within the stabilisation window (the sizing's floor hold if longer), never below what the
 *       forecast (with the same headroom) or the newest observed demand needs before new pods could start, and by at
 *       most {@code maxScaleDownStep} replicas.</li>
 *   <li>Clamp to [minReplicas, maxReplicas].</li>
 * </ol>
 * In hpa-floor mode the result is the HPA's floor, so the HPA's own recommendation may go above it.
 */
public final class ScalingPolicy {

    private static final DateTimeFormatter HHMM = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    private final PolicySettings settings;
    private final boolean explains;

    public ScalingPolicy(PolicySettings settings) {
        this(settings, true);
    }

    private ScalingPolicy(PolicySettings settings, boolean explains) {
        this.settings = settings;
        this.explains = explains;
    }

    /**
     * The same policy, deciding exactly alike, but without writing the reasons: for simulations that try thousands
     * of settings and read only the replicas (the trainer's sizing search). Reasons are empty.
     */
    public ScalingPolicy withoutReasons() {
        return new ScalingPolicy(settings, false);
    }

    public PolicySettings settings() {
        return settings;
    }

    /**
     * @param forecast the latest forecast with its sizing, empty when the predictor gave none
     * @param spec the workload
     * @param startupDelay the workload's start-up delay (configured or measured)
     * @param state the target's current replicas or floor
     * @param recent recommendations made before, any order; those older than the stabilisation window are ignored
     * @param now the decision time
     * @param observed demand observed up to now: the remembered windows, the newest rate, the history's peak
     */
    public Decision decide(Optional<ForecastView> forecast, WorkloadSpec spec, Duration startupDelay,
                           ScaleState state, List<PastDecision> recent, Instant now, Observed observed) {
        Window w = new Window(spec, state, startupDelay, now);
        Optional<Hold> hold = holdReason(forecast, w, observed);
        if (hold.isPresent()) {
            return hold(hold.get().reason(), w, recent, observed, hold.get().detail());
        }
        ForecastView view = forecast.orElseThrow();
        Sizing sizing = sizing(view, spec, startupDelay);
        double capacity = spec.capacityPerPod();
        Forecast f = view.forecast();
        if (sizing.floor().isEmpty()) {
            return unfloored(w, view, sizing, recent, observed);
        }
        Sizing.Floor floor = sizing.floor().get();
        double planned = floor.plannedDemand(peak(f, w.start, w.end, false), peak(f, w.start, w.end, true),
                minuteOfDay(w.start));
        double remembered = floor.memoryDays() > 0 ? observed.remembered(floor.memoryDays()) : Double.NaN;
        boolean byMemory = remembered > planned;
        double sized = byMemory ? remembered : planned;
        int recommended = need(sized, capacity);
        int desired = Math.min(recommended, settings.scaleUpLimit(Math.max(w.current, base(w))));
        if (recommended < w.current) {
            double nearPeak = max(nearTerm(f, floor, w), observed.lastRate());
            desired = limitScaleDown(w.current, recommended, nearPeak, capacity, recent, now, floor.holdMinutes());
        }
        desired = clamp(desired, spec);
        if (!explains) {
            return decision(w, desired, recommended, sized, "", view);
        }
        String sizedBy = byMemory ? "demand remembered from an earlier day " + format(remembered)
                : String.format(Locale.ROOT, "forecast p50 + %.2f × spread = %s", floor.headroom().at(minuteOfDay(w.start)),
                format(planned));
        return decision(w, desired, recommended, sized, sizedBy, view);
    }

    /**
     * The learnt reactive setting the HPA under the floor runs at after decision {@code d}, or empty when it must run
     * at the workload's own setting, as it was before Prescient retuned it. The learnt setting applies while the
     * forecast sizes the floor, and on every decision of a sizing without floor (its HPA was chosen to stand alone).
     * On a hold of a sizing with a floor, or with no sizing at all, it does not: that setting was chosen to work under
     * a floor the hold no longer sizes (a utilisation target of 0.95 under a floor sized with headroom is short often
     * when the floor decays to the bare observed need), so during the hold the HPA scales alone as it was configured.
     * A paused target is left as it is by the caller.
     */
    public static Optional<Sizing.Reactive> learntReactive(Decision d, Optional<Sizing> sizing) {
        return sizing.filter(s -> !d.isHold() || s.floor().isEmpty()).map(Sizing::reactive);
    }

    /** The sizing the forecast came with, else the default one of a model trained without sizing. */
    static Sizing sizing(ForecastView view, WorkloadSpec spec, Duration startupDelay) {
        return view.sizing().orElseGet(() -> Sizing.untrained(spec.slo().maxShortMinutesPct(),
                (int) Math.max(1, PolicySettings.DEFAULT_INTERVAL.toMinutes()), (int) startupDelay.toMinutes(),
                spec.targetUtilization()));
    }

    /**
     * A learnt sizing without floor: the forecast does not pay for itself. In hpa-floor mode the floor rests at
     * minReplicas and the HPA scales; in replicas mode the replicas follow the newest observed rate at the sizing's
     * reactive target (kept when there is none).
     */
    private Decision unfloored(Window w, ForecastView view, Sizing sizing, List<PastDecision> recent,
                               Observed observed) {
        double rate = observed.lastRate();
        boolean replicas = w.spec.mode() != ScalingMode.HPA_FLOOR;
        double perPod = w.spec.capacityPerPod() * sizing.reactive().targetUtilization();
        int recommended = !replicas ? w.spec.minReplicas() : Double.isNaN(rate) ? w.current : need(rate, perPod);
        int desired = Math.min(recommended, settings.scaleUpLimit(Math.max(w.current, base(w))));
        if (recommended < w.current) {
            desired = limitScaleDown(w.current, recommended, replicas ? rate : Double.NaN, perPod, recent, w.now, 0);
        }
        return decision(w, clamp(desired, w.spec), recommended, Double.NaN, !explains ? "" : replicas
                ? (Double.isNaN(rate) ? "no observed rate to size from" : "the newest observed rate " + format(rate))
                + " at the learnt target "
                + sizing.reactive().targetUtilization() + " (the forecast did not pay for itself on the calibration span)"
                : "the learnt sizing leaves scaling to the HPA (the forecast did not pay for a floor on the "
                + "calibration span)", view);
    }

    private Decision decision(Window w, int desired, int recommended, double sized, String sizedBy, ForecastView view) {
        Decision.Action action = desired > w.current ? Decision.Action.SCALE_UP
                : desired < w.current ? Decision.Action.SCALE_DOWN : Decision.Action.NO_CHANGE;
        String reason = explains ? explain(action, w, desired, recommended, sizedBy, view) : "";
        return new Decision(action, desired, recommended, sized, w.start, w.end, Optional.empty(), reason);
    }

    /** Why the forecast cannot be used, if it cannot. */
    private Optional<Hold> holdReason(Optional<ForecastView> forecast, Window w, Observed observed) {
        if (w.state.paused()) {
            return Hold.of(HoldReason.PAUSED, "target is paused by annotation prescient.dev/paused=true");
        }
        if (w.state.demoted()) {
            return Hold.of(HoldReason.DEMOTED, "forecasts are demoted for poor accuracy");
        }
        if (forecast.isEmpty()) {
            return Hold.of(HoldReason.FORECAST_MISSING, "no forecast is available");
        }
        ForecastView view = forecast.get();
        Duration age = Duration.between(view.generatedAt(), w.now);
        if (age.compareTo(settings.maxForecastAge()) > 0) {
            return Hold.of(HoldReason.FORECAST_STALE, "forecast generated at " + view.generatedAt() + " is "
                    + age.toSeconds() + " s old (limit " + settings.maxForecastAge().toSeconds() + " s)");
        }
        if (view.isFallback() && settings.holdOnFallback()) {
            return Hold.of(HoldReason.FALLBACK_FORECAST, "forecast comes from " + view.source()
                    + ", not from a trained model");
        }
        Forecast f = view.forecast();
        if (Double.isNaN(peak(f, w.start, w.end, false))) {
            return Hold.of(HoldReason.FORECAST_TOO_SHORT, "forecast ends " + f.timeAt(f.horizon())
                    + ", before the sizing window " + span(w.start, w.end));
        }
        double highest = highest(f);
        if (observed.historyPeak() > 0 && highest > settings.maxForecastRatio() * observed.historyPeak()) {
            return Hold.of(HoldReason.FORECAST_IMPLAUSIBLE, "forecast peaks at " + format(highest) + ", above "
                    + settings.maxForecastRatio() + " × the highest demand observed (" + format(observed.historyPeak())
                    + "); model " + view.modelVersion());
        }
        return Optional.empty();
    }

    private record Hold(HoldReason reason, String detail) {
        static Optional<Hold> of(HoldReason reason, String detail) {
            return Optional.of(new Hold(reason, detail));
        }
    }

    /**
     * A hold: a paused target is left alone; otherwise the value decays from where it is like any scale-down towards
     * what the newest observed demand needs (replicas mode: rises to it too), or goes to {@code fallbackReplicas}.
     */
    private Decision hold(HoldReason why, Window w, List<PastDecision> recent, Observed observed, String detail) {
        String what = w.spec.mode() == ScalingMode.HPA_FLOOR ? "the HPA floor" : "replicas";
        int keep = w.current;
        String effect;
        double rate = observed.lastRate();
        boolean replicas = w.spec.mode() != ScalingMode.HPA_FLOOR;
        double perPod = w.spec.capacityPerPod() * (replicas ? w.spec.targetUtilization() : 1);
        int need = Double.isNaN(rate) ? -1 : need(rate, perPod);
        if (why == HoldReason.PAUSED) {
            effect = "keeping " + what + " at " + keep;
        } else if (w.spec.fallbackReplicas().isPresent()) {
            keep = clamp(Math.max(w.spec.fallbackReplicas().getAsInt(), need), w.spec);
            effect = "setting " + what + " to the workload's fallbackReplicas " + w.spec.fallbackReplicas().getAsInt()
                    + (need > w.spec.fallbackReplicas().getAsInt() ? ", raised to the observed need " + need : "")
                    + " (" + w.current + "→" + keep + ")";
        } else if (need < 0) {
            effect = "keeping " + what + " at " + keep + " (no observed demand to size from)";
        } else {
            int floorOfNeed = clamp(need, w.spec);
            keep = floorOfNeed >= w.current ? (replicas ? clamp(Math.min(floorOfNeed,
                    settings.scaleUpLimit(w.current)), w.spec) : w.current)
                    : clamp(limitScaleDown(w.current, floorOfNeed, rate, perPod, recent, w.now, 0), w.spec);
            effect = keep == w.current ? "keeping " + what + " at " + keep
                    : (keep > w.current ? "raising " : "decaying ") + what + " " + w.current + "→" + keep
                    + " (the newest observed rate " + format(rate) + " needs " + need + ")";
        }
        return new Decision(Decision.Action.HOLD, keep, 0, Double.NaN, w.start, w.end, Optional.of(why),
                "hold (" + why.tag() + "): " + detail + "; " + effect);
    }

    /** What runs: in hpa-floor mode the HPA may have scaled above the floor. */
    private static int base(Window w) {
        return w.spec.mode() == ScalingMode.HPA_FLOOR ? Math.max(w.current, w.state.currentReplicas()) : w.current;
    }

    /** Scale-down only to the near-term need, the stabilised recommendation and the step limit. */
    private int limitScaleDown(int current, int recommended, double nearPeak, double capacity,
                               List<PastDecision> recent, Instant now, int holdMinutes) {
        int nearNeed = Double.isNaN(nearPeak) ? recommended : need(nearPeak, capacity);
        int desired = Math.max(recommended, Math.min(current, nearNeed));
        Duration window = settings.scaleDownStabilization();
        if (Duration.ofMinutes(holdMinutes).compareTo(window) > 0) {
            window = Duration.ofMinutes(holdMinutes);
        }
        desired = Math.max(desired, Math.min(current, stabilised(recent, recommended, now, window)));
        long stepped = (long) current - settings.maxScaleDownStep();
        return (int) Math.max(desired, stepped);
    }

    /** The demand the floor plans for over [now, now + startup delay): pods removed now are missed there. */
    private static double nearTerm(Forecast f, Sizing.Floor floor, Window w) {
        if (!w.start.isAfter(w.now)) {
            return Double.NaN;
        }
        double p50 = peakRaw(f, w.now, w.start, false);
        return Double.isNaN(p50) ? Double.NaN
                : floor.plannedDemand(p50, peakRaw(f, w.now, w.start, true), minuteOfDay(w.now));
    }

    /**
     * The highest of {@code recommended} and the recommendations made within the window, its edge included: with
     * 5-minute decisions and a 5-minute window the previous decision still counts, so a scale-down or a hold takes
     * at least one interval.
     */
    private static int stabilised(List<PastDecision> recent, int recommended, Instant now, Duration window) {
        Instant since = now.minus(window);
        int max = recommended;
        for (PastDecision d : recent) {
            if (!d.at().isBefore(since) && !d.at().isAfter(now)) {
                max = Math.max(max, d.recommendedReplicas());
            }
        }
        return max;
    }

    /** Peak of p50 (or p90) over steps overlapping [from, to); NaN when the forecast ends before {@code to}. */
    public static double peak(Forecast f, Instant from, Instant to, boolean p90) {
        if (f.timeAt(f.horizon()).isBefore(to)) {
            return Double.NaN;
        }
        return peakRaw(f, from, to, p90);
    }

    private static double peakRaw(Forecast f, Instant from, Instant to, boolean p90) {
        long step = f.step().toMillis();
        long a = from.toEpochMilli() - f.start().toEpochMilli();
        long b = to.toEpochMilli() - f.start().toEpochMilli();
        // step i covers [i × step, (i + 1) × step): it overlaps [a, b) when (i + 1) × step > a and i × step < b
        long lo = Math.max(0, Math.floorDiv(a, step));
        long hi = Math.min(f.horizon() - 1L, -Math.floorDiv(-b, step) - 1);
        double peak = Double.NaN;
        for (long i = lo; i <= hi; i++) {
            double v = p90 ? f.p90At((int) i) : f.p50At((int) i);
            peak = Double.isNaN(peak) ? v : Math.max(peak, v);
        }
        return peak;
    }

    private static double highest(Forecast f) {
        double h = 0;
        for (int i = 0; i < f.horizon(); i++) {
            h = Math.max(h, f.p90At(i));
        }
        return h;
    }

    static int minuteOfDay(Instant t) {
        return (int) Math.floorMod(t.getEpochSecond() / 60, 1440L);
    }

    private static int need(double demand, double perPod) {
        double pods = Math.ceil(demand / perPod - 1e-9);
        return pods >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) Math.max(0, pods);
    }

    private static double max(double a, double b) {
        if (Double.isNaN(a)) {
            return b;
        }
        return Double.isNaN(b) ? a : Math.max(a, b);
    }

    private static int clamp(int replicas, WorkloadSpec spec) {
        return Math.max(spec.minReplicas(), Math.min(spec.maxReplicas(), replicas));
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    private String explain(Decision.Action action, Window w, int desired, int recommended, String sizedBy,
                           ForecastView view) {
        String what = w.spec.mode() == ScalingMode.HPA_FLOOR ? "HPA floor " : "";
        String verb = switch (action) {
            case SCALE_UP -> "scaled " + what + w.current + "→" + desired;
            case SCALE_DOWN -> "scaled " + what + "down " + w.current + "→" + desired;
            default -> "kept " + what + w.current;
        };
        StringBuilder sb = new StringBuilder(verb).append(": ").append(sizedBy).append(" over ")
                .append(span(w.start, w.end)).append(" needs ").append(recommended);
        if (desired != recommended) {
            sb.append(limits(desired, recommended, w));
        }
        sb.append(", model ").append(view.modelVersion() == null ? view.source() : view.modelVersion());
        return sb.toString();
    }

    private String limits(int desired, int recommended, Window w) {
        if (desired == w.spec.maxReplicas() && recommended > desired) {
            return " (capped at maxReplicas " + w.spec.maxReplicas() + ")";
        }
        if (desired == w.spec.minReplicas() && recommended < desired) {
            return " (raised to minReplicas " + w.spec.minReplicas() + ")";
        }
        if (recommended > desired) {
            return " (scale-up limited to max(" + settings.scaleUpMaxPercent() + " %, " + settings.scaleUpMaxPods()
                    + " pods) per decision)";
        }
        return " (scale-down limited by stabilisation, near-term need or step)";
    }

    private static String span(Instant from, Instant to) {
        return HHMM.format(from) + "–" + HHMM.format(to);
    }

    /** One decision's frame: the window new pods serve and the value the decision moves. */
    private final class Window {
        final WorkloadSpec spec;
        final ScaleState state;
        final Instant now;
        final Instant start;
        final Instant end;
        final int current;

        Window(WorkloadSpec spec, ScaleState state, Duration startupDelay, Instant now) {
            this.spec = spec;
            this.state = state;
            this.now = now;
            this.start = now.plus(startupDelay);
            this.end = start.plus(settings.decisionInterval());
            this.current = spec.mode() == ScalingMode.HPA_FLOOR ? state.currentFloor().orElse(spec.minReplicas())
                    : state.currentReplicas();
        }
    }
}
