package dev.prescient.common.accuracy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The demotion of one workload's forecasts, tracked per model version: one {@link Demotion} for the version the
 * snapshots score ({@link AccuracySnapshot#modelVersion()}), so a newly promoted version is judged on its own
 * forecasts, never averaged with the version before it. Pure and in memory; thread-safe (methods are synchronised).
 *
 * <ul>
 *   <li><b>Version change.</b> A snapshot naming another version than the tracked one starts a fresh
 *       {@link Demotion} for it, active: a promotion trusts the new version as it did before accuracy was tracked
 *       per version (the policy's implausible-forecast bound guards its first ticks). The old version's state does
 *       not carry over; when it was demoted, the step reports {@link DemotionStep.Transition#REENABLED} naming both
 *       versions, unless the new version's first judgement demotes it at once.</li>
 *   <li><b>Unknown version.</b> A snapshot without a version (an older predictor, only the fallback so far, no
 *       accuracy at all) steps the tracked {@link Demotion}; the first known version takes over that state. So
 *       learning the version never re-enables a workload by itself.</li>
 *   <li><b>Young version.</b> While the tracked version (a known one) is younger than 24 h here <em>and</em> its
 *       24 h window holds less than 24 h of scored points, the last hour is judged too (from
 *       {@link DemotionSettings#minScoredFraction()} of it: 15 points at a 1-minute step): a badly wrong new
 *       version is demoted within its first hour, long before its 24 h window has the points to be judged.</li>
 * </ul>
 */
public final class ModelDemotion {

    /** How long a version counts as young. */
    public static final Duration YOUNG = AccuracySnapshot.DAY;

    /**
     * The outcome of one {@link #step}.
     *
     * @param version the version judged; null while unknown
     * @param step the demotion step of that version
     * @param young whether the last hour was judged besides {@link DemotionSettings#window()}
     */
    public record Step(String version, DemotionStep step, boolean young) {
    }

    private final DemotionSettings settings;
    private String version;
    private Instant versionSince;
    private Demotion demotion;

    /** @param start when tracking begins; the workload starts active, its version unknown */
    public ModelDemotion(DemotionSettings settings, Instant start) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.demotion = new Demotion(settings, start);
        this.versionSince = start;
    }

    /** The version tracked; null while unknown. */
    public synchronized String version() {
        return version;
    }

    public synchronized DemotionState state() {
        return demotion.state();
    }

    /** Judges the snapshot taken at {@code now} for the version it scores and moves that version's state. */
    public synchronized Step step(AccuracySnapshot snapshot, Instant now) {
        String scored = snapshot.modelVersion();
        boolean wasDemoted = false;
        if (scored != null && !scored.equals(version)) {
            if (version != null) {
                DemotionState old = demotion.state();
                wasDemoted = old.demoted();
                String why = "model version " + scored + " replaced " + version + " at " + now
                        + (wasDemoted ? ", whose forecasts were demoted (" + old.reason() + "); " + scored
                                + " is trusted until its own accuracy says otherwise" : "; its accuracy is tracked afresh");
                demotion = new Demotion(settings, now, why);
            }
            version = scored;
            versionSince = now;
        }
        boolean young = young(snapshot, now);
        List<Duration> windows = young ? List.of(settings.window(), AccuracySnapshot.HOUR) : List.of(settings.window());
        DemotionStep step = demotion.step(snapshot, now, windows);
        if (wasDemoted && !step.state().demoted()) {
            step = new DemotionStep(step.state(), DemotionStep.Transition.REENABLED, step.judgement());
        }
        return new Step(version, step, young);
    }

    private boolean young(AccuracySnapshot snapshot, Instant now) {
        if (version == null || settings.window().equals(AccuracySnapshot.HOUR)) {
            return false;
        }
        boolean recent = Duration.between(versionSince, now).compareTo(YOUNG) < 0;
        return recent && snapshot.day().scored(snapshot.step()).compareTo(YOUNG) < 0;
    }
}
