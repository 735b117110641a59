package dev.prescient.common.accuracy;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Demotion per model version on scripted snapshots at a 1-minute step, default settings (24 h judged from 360
 * points, the last hour of a young version from 15, MASE 1.2, p90 coverage 0.70, recovery after 2 h). The
 * snapshots are what the predictor sends: a version's windows hold only the points of its own forecasts.
 */
class ModelDemotionTest {

    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    private static final Duration STEP = Duration.ofMinutes(1);

    /** A version's snapshot after {@code points} scored minutes of its own, all at the same figures. */
    private static AccuracySnapshot scored(String version, double mase, double coverage, int points, Instant at) {
        return new AccuracySnapshot(at, STEP, new AccuracySnapshot.Window(AccuracySnapshot.DAY, mase, coverage, points),
                new AccuracySnapshot.Window(AccuracySnapshot.HOUR, mase, coverage, Math.min(points, 60)), version);
    }

    private static Instant minute(int m) {
        return T0.plus(Duration.ofMinutes(m));
    }

    @Test
    void demotesABadlyWrongNewVersionAfterFifteenOfItsOwnMinutesDespiteADayOfAGoodOne() {
        ModelDemotion demotion = new ModelDemotion(DemotionSettings.defaults(), minute(0));
        for (int m = 0; m < 23 * 60; m += 10) {
            assertThat(demotion.step(scored("v1", 0.8, 0.9, 1380, minute(m)), minute(m)).step().state().demoted())
                    .isFalse();
        }
        int promoted = 23 * 60;
        ModelDemotion.Step last = null;
        for (int m = 0; m <= 14; m++) {
            Instant now = minute(promoted + m);
            last = demotion.step(scored("v2", 5000.0, 0.0, m, now), now);
            assertThat(last.step().state().demoted()).as("minute %d of v2", m).isFalse();
        }
        assertThat(last.version()).isEqualTo("v2");
        assertThat(last.young()).isTrue();
        assertThat(last.step().judgement()).contains("not judged: 14 of 15 points needed over the last 1h");

        Instant now = minute(promoted + 15);
        ModelDemotion.Step step = demotion.step(scored("v2", 5000.0, 0.0, 15, now), now);

        assertThat(step.step().transition()).isEqualTo(DemotionStep.Transition.DEMOTED);
        assertThat(step.step().state().reason()).isEqualTo("MASE 5000.000 over the last 1h is above the limit 1.20; "
                + "p90 coverage 0.000 over the last 1h is below the limit 0.70 (15 points)");
        assertThat(new Demotion(DemotionSettings.defaults(), minute(0)).step(scored("v2", 5000.0, 0.0, 15, now), now)
                .state().demoted()).as("the 24 h window alone needs 360 points").isFalse();
    }

    @Test
    void aNewVersionStartsActiveAndSaysItReplacedADemotedOne() {
        ModelDemotion demotion = new ModelDemotion(DemotionSettings.defaults(), minute(0));
        demotion.step(scored("v1", 2.0, 0.9, 1440, minute(0)), minute(0));
        assertThat(demotion.state().demoted()).isTrue();

        ModelDemotion.Step step = demotion.step(scored("v2", Double.NaN, Double.NaN, 0, minute(5)), minute(5));

        assertThat(step.version()).isEqualTo("v2");
        assertThat(step.step().transition()).isEqualTo(DemotionStep.Transition.REENABLED);
        assertThat(step.step().state().demoted()).isFalse();
        assertThat(step.step().state().reason()).isEqualTo("model version v2 replaced v1 at 2026-12-01T00:05:00Z, "
                + "whose forecasts were demoted (MASE 2.000 over the last 24h is above the limit 1.20 (1,440 points)); "
                + "v2 is trusted until its own accuracy says otherwise");
    }

    @Test
    void aNewVersionBadAtItsFirstJudgementStaysDemotedWithoutAReenabledStep() {
        ModelDemotion demotion = new ModelDemotion(DemotionSettings.defaults(), minute(0));
        demotion.step(scored("v1", 2.0, 0.9, 1380, minute(0)), minute(0));

        DemotionStep step = demotion.step(scored("v2", 3.0, 0.9, 20, minute(20)), minute(20)).step();

        assertThat(step.transition()).isEqualTo(DemotionStep.Transition.DEMOTED);
        assertThat(step.state().reason()).startsWith("MASE 3.000 over the last 1h");
    }

    @Test
    void theFirstKnownVersionTakesOverTheStateTrackedWhileTheVersionWasUnknown() {
        ModelDemotion demotion = new ModelDemotion(DemotionSettings.defaults(), minute(0));
        demotion.step(scored(null, 2.0, 0.9, 1380, minute(0)), minute(0));

        ModelDemotion.Step step = demotion.step(scored("v1", 0.8, 0.9, 1380, minute(1)), minute(1));

        assertThat(step.version()).isEqualTo("v1");
        assertThat(step.step().transition()).isEqualTo(DemotionStep.Transition.NONE);
        assertThat(step.step().state().demoted()).as("learning the version is no evidence").isTrue();
        assertThat(demotion.step(AccuracySnapshot.unknown(minute(2), STEP), minute(2)).version())
                .as("a snapshot without a version keeps the tracked one").isEqualTo("v1");
    }

    @Test
    void anUnknownVersionIsJudgedOnTheDayAloneAsBeforeVersionsWereKnown() {
        ModelDemotion demotion = new ModelDemotion(DemotionSettings.defaults(), minute(0));

        ModelDemotion.Step step = demotion.step(scored(null, 3.0, 0.1, 20, minute(20)), minute(20));

        assertThat(step.young()).isFalse();
        assertThat(step.step().state().demoted()).isFalse();
        assertThat(step.step().judgement()).isEqualTo("not judged: 20 of 360 points needed over the last 24h");
    }

    @Test
    void judgesOnlyTheDayOnceTheVersionHasADayOfPointsOrADayHere() {
        ModelDemotion established = new ModelDemotion(DemotionSettings.defaults(), minute(0));
        ModelDemotion.Step full = established.step(new AccuracySnapshot(minute(0), STEP,
                new AccuracySnapshot.Window(AccuracySnapshot.DAY, 0.9, 0.9, 1440),
                new AccuracySnapshot.Window(AccuracySnapshot.HOUR, 3.0, 0.1, 60), "v1"), minute(0));
        assertThat(full.young()).isFalse();
        assertThat(full.step().state().demoted()).as("a bad hour of an established version").isFalse();

        ModelDemotion gappy = new ModelDemotion(DemotionSettings.defaults(), minute(0));
        gappy.step(scored("v1", 0.9, 0.9, 10, minute(0)), minute(0));
        Instant dayLater = minute(24 * 60);
        ModelDemotion.Step step = gappy.step(new AccuracySnapshot(dayLater, STEP,
                new AccuracySnapshot.Window(AccuracySnapshot.DAY, 0.9, 0.9, 1000),
                new AccuracySnapshot.Window(AccuracySnapshot.HOUR, 3.0, 0.1, 60), "v1"), dayLater);
        assertThat(step.young()).as("24 h since the version began, with gaps in its scoring").isFalse();
        assertThat(step.step().state().demoted()).isFalse();
    }

    @Test
    void aYoungVersionDemotedOnItsHourComesBackAfterTwoGoodHoursJudgedOnTheHour() {
        ModelDemotion demotion = new ModelDemotion(DemotionSettings.defaults(), minute(0));
        demotion.step(scored("v2", 3.0, 0.9, 20, minute(20)), minute(20));
        assertThat(demotion.state().demoted()).isTrue();

        DemotionStep step = null;
        for (int m = 30; m <= 150; m += 5) {
            step = demotion.step(scored("v2", 0.9, 0.9, m, minute(m)), minute(m)).step();
            assertThat(step.state().demoted()).as("minute %d", m).isEqualTo(m < 150);
        }
        assertThat(step.transition()).isEqualTo(DemotionStep.Transition.REENABLED);
        assertThat(step.judgement()).isEqualTo("not judged: 150 of 360 points needed over the last 24h; "
                + "MASE 0.900 ≤ 1.20 and p90 coverage 0.900 ≥ 0.70 over the last 1h (60 points)");
    }
}
