package dev.prescient.trainer.sizing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.prescient.common.policy.Sizing;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * How the HPA alone is chosen when a floor does not pay, on hand-made figures: 1,000 minutes within reach, a reference
 * HPA (0.7, 5 min) of 1,000 pod-minutes and 100 changes, every other setting calmer than it.
 */
class ReactiveCurveChoiceTest {

    private static final Candidate REFERENCE = setting(0.7, 5, 40, 1000, 100);

    private static Candidate setting(double target, int window, int shortMinutes, long pods, int changes) {
        return new Candidate(null, new Sizing.Reactive(target, window),
                new Figures[] {new Figures(shortMinutes, 1000, pods, changes)}, 1000);
    }

    /**
     * The 10-minute window's curve: 2.2 % at 1,400 pod-minutes, 1.0 % at 1,560. The 15-minute window's: 3.0 % at
     * 1,400, 1.8 % at 1,540, 0.9 % at 1,700. The SLO, 2 %, is reached along the 10-minute curve at 1,427 pod-minutes
     * and along the 15-minute one at 1,517; the cheapest single setting within 2 % is nevertheless the 15-minute one
     * at 1,540 (U 1.8 %), just cheaper than the 10-minute one at 1,560 (U 1.0 %), which is short about half as often.
     */
    private static final List<Candidate> CURVES = List.of(REFERENCE,
            setting(0.6, 10, 22, 1400, 60), setting(0.5, 10, 10, 1560, 55),
            setting(0.6, 15, 30, 1400, 40), setting(0.55, 15, 18, 1540, 38), setting(0.5, 15, 9, 1700, 35));

    @Test
    void theWindowIsChosenByItsCurveBeforeTheTarget() {
        Candidate outright = SettingChoice.choose(CURVES, REFERENCE, 2.0, Candidate::total);
        Candidate alongCurves = SettingChoice.chooseAlongCurves(CURVES, REFERENCE, 2.0, Candidate::total);

        assertThat(outright.reactive()).as("the cheapest setting within the SLO").isEqualTo(new Sizing.Reactive(0.55, 15));
        assertThat(alongCurves.reactive()).isEqualTo(new Sizing.Reactive(0.5, 10));
    }

    @Test
    void theCostToReachABoundIsInterpolatedBetweenNeighbouringTargets() {
        List<Candidate> tenMinutes = CURVES.subList(1, 3);
        List<Candidate> fifteenMinutes = CURVES.subList(3, 6);

        assertThat(SettingChoice.costToReach(tenMinutes, 2.0, Candidate::total)).isCloseTo(1426.67, within(0.01));
        assertThat(SettingChoice.costToReach(fifteenMinutes, 2.0, Candidate::total)).isCloseTo(1516.67, within(0.01));
        assertThat(SettingChoice.costToReach(fifteenMinutes, 3.5, Candidate::total))
                .as("the cheapest setting already within the bound").isEqualTo(1400);
        assertThat(SettingChoice.costToReach(fifteenMinutes, 0.5, Candidate::total)).isInfinite();
    }

    /** Settings that change scale more often than the reference are left out, whichever curve is lower. */
    @Test
    void aCurveThatChurnsMoreThanTheReferenceIsNotChosen() {
        List<Candidate> tried = List.of(REFERENCE, setting(0.5, 1, 5, 1300, 400), setting(0.6, 15, 30, 1400, 40),
                setting(0.5, 15, 9, 1700, 35));

        assertThat(SettingChoice.chooseAlongCurves(tried, REFERENCE, 2.0, Candidate::total).reactive())
                .isEqualTo(new Sizing.Reactive(0.5, 15));
    }

    /**
     * When no setting meets the SLO (0.5 %), the bound is 0.1 point above the least short (0.9 %), as for
     * {@link SettingChoice#choose}: 1.0 %, which the 10-minute curve reaches at 1,560 pod-minutes and the 15-minute one
     * only at about 1,682.
     */
    @Test
    void anUnreachableSloIsBoundedAboveTheLeastShortAndStillChosenByCurve() {
        Candidate chosen = SettingChoice.chooseAlongCurves(CURVES, REFERENCE, 0.5, Candidate::total);

        assertThat(chosen.reactive()).isEqualTo(new Sizing.Reactive(0.5, 10));
        assertThat(chosen.total().underPct()).isEqualTo(1.0);
    }
}
