package dev.prescient.common.accuracy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The demotion state machine of one workload, pure and in memory: fed an {@link AccuracySnapshot} at every
 * decision, it says whether the forecasts may be used.
 *
 * <ul>
 *   <li>A snapshot is <b>judged</b> on {@link DemotionSettings#window()} once that window's points cover
 *       {@link DemotionSettings#minScoredFraction()} of it; an unjudged snapshot changes nothing except that it
 *       interrupts a recovery (see below).</li>
 *   <li>It is <b>bad</b> when the MASE is above {@code maxMase} or the p90 coverage below {@code minP90Coverage}
 *       (a NaN MASE, i.e. no day-to-day change to compare with, is judged on the coverage alone); else good.</li>
 *   <li>Active → <b>demoted</b> at the first bad judgement; the reason names the figure and the limit.</li>
 *   <li>Demoted → <b>re-enabled</b> once every judgement has been good for {@code recoverAfter}: the first good
 *       judgement starts the clock, a bad or unjudged one stops it, and the next good one starts it again. So
 *       accuracy flapping around a limit keeps the workload demoted (hysteresis in time).</li>
 * </ul>
 * A step may judge more than one window ({@link #step(AccuracySnapshot, Instant, List)}): {@link ModelDemotion}
 * adds the last hour while a model version is young. Thread-safe (methods are synchronised).
 */
public final class Demotion {

    private final DemotionSettings settings;
    private DemotionState state;
    private Instant goodSince;

    /** @param start when tracking begins; the workload starts active */
    public Demotion(DemotionSettings settings, Instant start) {
        this(settings, start, "forecasts trusted since tracking began");
    }

    /**
     * @param start when tracking begins; the workload starts active
     * @param reason why it starts active, e.g. that a new model version began serving
     */
    public Demotion(DemotionSettings settings, Instant start, String reason) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.state = DemotionState.active(start, Objects.requireNonNull(reason, "reason"));
    }

    public DemotionSettings settings() {
        return settings;
    }

    public synchronized DemotionState state() {
        return state;
    }

    /** Judges the snapshot taken at {@code now} on {@link DemotionSettings#window()} and moves the state. */
    public DemotionStep step(AccuracySnapshot snapshot, Instant now) {
        return step(snapshot, now, List.of(settings.window()));
    }

    /**
     * Judges the snapshot taken at {@code now} on each of {@code windows} (24h, 1h) and moves the state: it is bad
     * when any judged window is bad, good when none is bad and at least one is judged, unjudged otherwise. Each
     * window is judged once its points cover {@link DemotionSettings#minScoredFraction()} of it.
     */
    public synchronized DemotionStep step(AccuracySnapshot snapshot, Instant now, List<Duration> windows) {
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("demotion step at " + now + " names no window to judge");
        }
        Verdict v = judge(snapshot, windows);
        if (!state.demoted()) {
            if (v.kind == Kind.BAD) {
                state = DemotionState.demoted(now, v.text);
                goodSince = null;
                return new DemotionStep(state, DemotionStep.Transition.DEMOTED, v.text);
            }
            return new DemotionStep(state, DemotionStep.Transition.NONE, v.text);
        }
        if (v.kind != Kind.GOOD) {
            goodSince = null;
            return new DemotionStep(state, DemotionStep.Transition.NONE, v.text);
        }
        if (goodSince == null) {
            goodSince = now;
        }
        Duration good = Duration.between(goodSince, now);
        if (good.compareTo(settings.recoverAfter()) >= 0) {
            state = DemotionState.active(now, "accuracy within limits since " + goodSince + " ("
                    + AccuracySnapshot.Window.format(good) + "): " + v.text);
            goodSince = null;
            return new DemotionStep(state, DemotionStep.Transition.REENABLED, v.text);
        }
        return new DemotionStep(state, DemotionStep.Transition.NONE, v.text + "; recovering since " + goodSince);
    }

    /** Whether {@code snapshot}'s judged window holds enough points to be judged. */
    public boolean judges(AccuracySnapshot snapshot) {
        return snapshot.window(settings.window()).points() >= neededPoints(snapshot, settings.window());
    }

    private long neededPoints(AccuracySnapshot snapshot, Duration window) {
        return (long) Math.ceil(settings.minScoredFraction() * window.toMillis()
                / snapshot.step().toMillis() - 1e-9);
    }

    private enum Kind { GOOD, BAD, UNJUDGED }

    private record Verdict(Kind kind, String text) {
    }

    /** Bad if any window is bad, good if none is bad and one is good, else unjudged; the texts of all joined. */
    private Verdict judge(AccuracySnapshot snapshot, List<Duration> windows) {
        List<Verdict> verdicts = windows.stream().distinct().map(w -> judge(snapshot, w)).toList();
        Kind kind = verdicts.stream().anyMatch(v -> v.kind == Kind.BAD) ? Kind.BAD
                : verdicts.stream().anyMatch(v -> v.kind == Kind.GOOD) ? Kind.GOOD : Kind.UNJUDGED;
        List<Verdict> shown = kind == Kind.BAD ? verdicts.stream().filter(v -> v.kind == Kind.BAD).toList() : verdicts;
        return new Verdict(kind, String.join("; ", shown.stream().map(Verdict::text).toList()));
    }

    private Verdict judge(AccuracySnapshot snapshot, Duration window) {
        AccuracySnapshot.Window w = snapshot.window(window);
        String over = " over the last " + AccuracySnapshot.Window.format(window);
        long needed = neededPoints(snapshot, window);
        if (w.points() < needed) {
            return new Verdict(Kind.UNJUDGED, fmt("not judged: %d of %d points needed", w.points(), needed) + over);
        }
        List<String> bad = new ArrayList<>();
        if (w.mase() > settings.maxMase()) {
            bad.add(fmt("MASE %.3f", w.mase()) + over + fmt(" is above the limit %.2f", settings.maxMase()));
        }
        if (w.p90Coverage() < settings.minP90Coverage()) {
            bad.add(fmt("p90 coverage %.3f", w.p90Coverage()) + over
                    + fmt(" is below the limit %.2f", settings.minP90Coverage()));
        }
        String points = fmt(" (%,d points)", w.points());
        if (!bad.isEmpty()) {
            return new Verdict(Kind.BAD, String.join("; ", bad) + points);
        }
        String mase = Double.isNaN(w.mase()) ? "MASE n/a (no day-to-day change)" : fmt("MASE %.3f ≤ %.2f", w.mase(),
                settings.maxMase());
        return new Verdict(Kind.GOOD, mase + fmt(" and p90 coverage %.3f ≥ %.2f", w.p90Coverage(),
                settings.minP90Coverage()) + over + points);
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
