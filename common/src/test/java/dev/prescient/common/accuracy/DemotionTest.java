package dev.prescient.common.accuracy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The demotion state machine on scripted accuracy: 1-minute steps, so a 24h window is judged from 360 points
 * (the default quarter of 1,440); limits MASE 1.2 and p90 coverage 0.70; recovery after 2 h.
 */
class DemotionTest {

    private static final Instant T0 = Instant.parse("2026-11-27T00:00:00Z");
    private static final Duration STEP = Duration.ofMinutes(1);

    private static AccuracySnapshot day(double mase, double coverage, int points, Instant at) {
        return new AccuracySnapshot(at, STEP, new AccuracySnapshot.Window(AccuracySnapshot.DAY, mase, coverage, points),
                AccuracySnapshot.Window.empty(AccuracySnapshot.HOUR));
    }

    /** One judgement every 30 minutes: good → bad → good, with flapping that must not re-enable early. */
    @Test
    void demotesAtOnceAndReenablesOnlyAfterTwoHoursOfUnbrokenGoodJudgements() {
        Object[][] script = {
            // minute, MASE, p90 coverage, points, demoted after the step, transition
            {0, 0.9, 0.85, 100, false, "NONE"},        // too few points: not judged
            {30, 0.9, 0.85, 400, false, "NONE"},       // good
            {60, 1.3, 0.85, 400, true, "DEMOTED"},     // MASE above 1.2
            {90, 0.9, 0.85, 400, true, "NONE"},        // good: recovery clock starts at 90
            {120, 0.9, 0.85, 400, true, "NONE"},
            {150, 1.21, 0.85, 400, true, "NONE"},      // flap: just above the limit, clock stops
            {180, 1.2, 0.70, 400, true, "NONE"},       // exactly at both limits is good: clock starts at 180
            {240, 0.9, 0.85, 400, true, "NONE"},
            {270, 0.9, 0.69, 400, true, "NONE"},       // flap on coverage
            {300, 0.9, 0.85, 400, true, "NONE"},       // clock starts at 300
            {330, 0.9, 0.85, 300, true, "NONE"},       // not judged: also stops the clock
            {360, 0.9, 0.85, 400, true, "NONE"},       // clock starts at 360
            {420, 0.9, 0.85, 400, true, "NONE"},
            {450, 1.0, 0.80, 400, true, "NONE"},
            {479, 0.9, 0.85, 400, true, "NONE"},       // 119 minutes: not yet
            {480, 0.9, 0.85, 400, false, "REENABLED"}, // 120 minutes of good judgements
            {510, 0.9, 0.85, 400, false, "NONE"},
            {540, 2.0, 0.50, 400, true, "DEMOTED"},    // both bad: demoted again at once
        };
        Demotion demotion = new Demotion(DemotionSettings.defaults(), T0);
        List<String> failures = new ArrayList<>();
        for (Object[] row : script) {
            Instant now = T0.plus(Duration.ofMinutes((int) row[0]));
            DemotionStep step = demotion.step(day((double) row[1], (double) row[2], (int) row[3], now), now);
            if (step.state().demoted() != (boolean) row[4] || !step.transition().name().equals(row[5])) {
                failures.add("minute " + row[0] + ": demoted=" + step.state().demoted() + " transition="
                        + step.transition() + " (" + step.judgement() + ")");
            }
        }
        assertThat(failures).isEmpty();
        DemotionState last = demotion.state();
        assertThat(last.since()).isEqualTo(T0.plus(Duration.ofMinutes(540)));
        assertThat(last.reason()).isEqualTo("MASE 2.000 over the last 24h is above the limit 1.20; "
                + "p90 coverage 0.500 over the last 24h is below the limit 0.70 (400 points)");
    }

    @Test
    void namesTheFigureAndTheLimitWhenItDemotesAndWhenItReenables() {
        Demotion demotion = new Demotion(DemotionSettings.defaults(), T0);
        DemotionStep down = demotion.step(day(0.8, 0.55, 1380, T0), T0);
        demotion.step(day(0.8, 0.9, 1380, T0.plusSeconds(60)), T0.plusSeconds(60));
        Instant later = T0.plus(Duration.ofMinutes(121));
        DemotionStep up = demotion.step(day(0.8, 0.9, 1380, later), later);

        assertThat(down.transition()).isEqualTo(DemotionStep.Transition.DEMOTED);
        assertThat(down.state().reason())
                .isEqualTo("p90 coverage 0.550 over the last 24h is below the limit 0.70 (1,380 points)");
        assertThat(up.transition()).isEqualTo(DemotionStep.Transition.REENABLED);
        assertThat(up.state().reason()).isEqualTo("accuracy within limits since 2026-11-27T00:01:00Z (2h): "
                + "MASE 0.800 ≤ 1.20 and p90 coverage 0.900 ≥ 0.70 over the last 24h (1,380 points)");
        assertThat(up.state().since()).isEqualTo(later);
    }

    @ParameterizedTest(name = "MASE {0}, coverage {1}, {2} points -> demoted {3}")
    @CsvSource(delimiter = '|', value = {
        "0.9  | 0.85 | 360  | false | MASE 0.900 ≤ 1.20 and p90 coverage 0.850 ≥ 0.70 over the last 24h (360 points)",
        "1.5  | 0.85 | 359  | false | not judged: 359 of 360 points needed over the last 24h",
        "1.5  | 0.85 | 360  | true  | MASE 1.500 over the last 24h is above the limit 1.20 (360 points)",
        "NaN  | 0.85 | 1440 | false | MASE n/a (no day-to-day change) and p90 coverage 0.850 ≥ 0.70 over the last 24h",
        "NaN  | 0.60 | 1440 | true  | p90 coverage 0.600 over the last 24h is below the limit 0.70 (1,440 points)",
    })
    void judgesTheConfiguredWindowOnceEnoughOfItIsScored(double mase, double coverage, int points, boolean demoted,
                                                         String judgement) {
        DemotionStep step = new Demotion(DemotionSettings.defaults(), T0).step(day(mase, coverage, points, T0), T0);

        assertThat(step.state().demoted()).isEqualTo(demoted);
        assertThat(step.judgement()).startsWith(judgement);
        assertThat(new Demotion(DemotionSettings.defaults(), T0).judges(day(mase, coverage, points, T0)))
                .isEqualTo(points >= 360);
    }

    @Test
    void judgesTheLastHourWhenConfiguredTo() {
        DemotionSettings hourly = DemotionSettings.defaults().withWindow(AccuracySnapshot.HOUR);
        AccuracySnapshot badHour = new AccuracySnapshot(T0, STEP,
                new AccuracySnapshot.Window(AccuracySnapshot.DAY, 0.9, 0.9, 1440),
                new AccuracySnapshot.Window(AccuracySnapshot.HOUR, 3.0, 0.9, 15));

        assertThat(new Demotion(hourly, T0).step(badHour, T0).state().reason())
                .isEqualTo("MASE 3.000 over the last 1h is above the limit 1.20 (15 points)");
        assertThat(new Demotion(DemotionSettings.defaults(), T0).step(badHour, T0).state().demoted()).isFalse();
    }

    @Test
    void reenablesAtTheFirstGoodJudgementWithoutARecoveryTime() {
        Demotion demotion = new Demotion(DemotionSettings.defaults().withRecoverAfter(Duration.ZERO), T0);
        demotion.step(day(3, 0.9, 400, T0), T0);

        assertThat(demotion.step(day(1, 0.9, 400, T0.plusSeconds(300)), T0.plusSeconds(300)).transition())
                .isEqualTo(DemotionStep.Transition.REENABLED);
    }

    @ParameterizedTest(name = "{5}")
    @CsvSource(delimiter = '|', value = {
        "0    | 0.7 | PT24H | 0.25 | PT2H  | demotion maxMase must be a positive number, got 0.0",
        "1.2  | 1.1 | PT24H | 0.25 | PT2H  | demotion minP90Coverage must lie in [0, 1], got 1.1",
        "1.2  | 0.7 | PT6H  | 0.25 | PT2H  | demotion window must be 24h or 1h, got 6h",
        "1.2  | 0.7 | PT24H | 0    | PT2H  | demotion minScoredFraction must lie in (0, 1], got 0.0",
        "1.2  | 0.7 | PT24H | 0.25 | -PT1H | demotion recoverAfter must not be negative, got PT-1H",
    })
    void refusesInvalidSettingsNamingTheSetting(double mase, double coverage, Duration window, double fraction,
                                               Duration recover, String message) {
        assertThatThrownBy(() -> new DemotionSettings(mase, coverage, window, fraction, recover))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }
}
