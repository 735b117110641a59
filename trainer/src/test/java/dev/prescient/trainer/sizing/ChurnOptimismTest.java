package dev.prescient.trainer.sizing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.prescient.common.policy.Headroom;
import dev.prescient.common.policy.Sizing;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The churn rule's margin for the optimism of choosing in sample, on hand-made figures: three blocks of 1,000 minutes
 * within reach, a reference HPA of 1,000 pod-minutes and 50 scale changes per block, an SLO of 1 %; every floor is
 * within the SLO, so only cost and churn decide among them.
 */
class ChurnOptimismTest {

    private static final double SLO = 1.0;
    /** The reference HPA, 2 % short: cheapest, but never within the SLO. */
    private static final Candidate REFERENCE = candidate(null, 1000, 20, 50, 50, 50);

    private static Candidate candidate(Sizing.Floor floor, long podsPerBlock, int shortPerBlock, int... changesPerBlock) {
        Figures[] blocks = new Figures[changesPerBlock.length];
        for (int k = 0; k < blocks.length; k++) {
            blocks[k] = new Figures(shortPerBlock, 1000, podsPerBlock, changesPerBlock[k]);
        }
        return new Candidate(floor, new Sizing.Reactive(0.7, 5), blocks, 3000);
    }

    /** The floor chosen from {@code tried} without a churn margin, and the one chosen with {@code margin}. */
    private static void assertChosen(List<Candidate> tried, ChurnMargin margin, Candidate untightened,
                                     Candidate withMargin) {
        assertThat(SettingChoice.chooseTightened(tried, REFERENCE, SLO, SLO, ChurnMargin.NONE, Candidate::total))
                .as("untightened").isSameAs(untightened);
        assertThat(SettingChoice.chooseTightened(tried, REFERENCE, SLO, SLO, margin, Candidate::total))
                .as("with the margin").isSameAs(withMargin);
    }

    /** A floor 0.5 % short on every block. */
    private static Candidate floor(double headroom, long podsPerBlock, int... changesPerBlock) {
        return candidate(new Sizing.Floor(Headroom.uniform(headroom), 0, 0), podsPerBlock, 5, changesPerBlock);
    }

    /**
     * A cheap floor that changes scale 148 times against the reference's 150 (it just meets the rule), calm on two
     * days and busy on the third, and a dearer one steady at 40 a day. Chosen on days 2–3 or 1–3 the cheap one changes
     * scale 108 times against 100 and the steady one is chosen (40 on the day left out); chosen on days 1–2 the cheap
     * one is (68 on day 3). 148 changes on the left-out days, plus one standard deviation of that count (√148 = 12.2),
     * against the reference's 150: the span's choice is held to 150 / (160.2 / 150) = 140.5, where only the steady
     * floor is.
     */
    @Test
    void aChoiceThatChangesScaleMoreOftenOnTheDaysLeftOutIsHeldCalmer() {
        Candidate cheap = floor(0.5, 1100, 40, 40, 68);
        Candidate steady = floor(1.5, 1300, 40, 40, 40);
        List<Candidate> tried = List.of(REFERENCE, cheap, steady);

        ChurnMargin churnOptimism = SettingChoice.churnOptimism(tried, REFERENCE, SLO);

        assertThat(churnOptimism.observed()).as("148 < 150: never looser than the rule").isEqualTo(1.0);
        assertThat(churnOptimism.withNoise()).isCloseTo((148 + Math.sqrt(148)) / 150, within(1e-12));
        assertChosen(tried, churnOptimism, cheap, steady);
    }

    /**
     * A cheap floor that changes scale exactly as often as the reference on every day, 50 a day, meets the rule on the
     * span and on every day left out: a tie, which the days after break either way as often as not. Its left-out
     * count, 150, is within one standard deviation (√150 = 12.2) of the reference's, so the span's choice is held to
     * 150 / (162.2 / 150) = 138.7, and a floor steady at 44 a day (132) is chosen instead.
     */
    @Test
    void aChoiceThatTiesTheReferenceOnTheDaysLeftOutIsHeldCalmerByTheNoiseOfItsCount() {
        Candidate tie = floor(0.5, 1100, 50, 50, 50);
        Candidate calmer = floor(1.5, 1300, 44, 44, 44);
        List<Candidate> tried = List.of(REFERENCE, tie, calmer);

        ChurnMargin churnOptimism = SettingChoice.churnOptimism(tried, REFERENCE, SLO);

        assertThat(churnOptimism.observed()).isEqualTo(1.0);
        assertThat(churnOptimism.withNoise()).isCloseTo((150 + Math.sqrt(150)) / 150, within(1e-12));
        assertChosen(tried, churnOptimism, tie, calmer);
    }

    /**
     * Where no setting within the SLO meets the margin with the count's noise, the observed margin holds the choice. The
     * cheap floor at 40, 40 and 68 changes and a steady one at 45 a day (135): chosen on two days, the cheap one on days
     * 1–2, the steady one otherwise, 158 changes on the left-out days against the reference's 150. With the noise (√158
     * = 12.6) the choice would be held to 131.9, where only a floor short in 2 % of the minutes is (30 a day): that
     * margin would cost the SLO, so the observed one (150 / (158 / 150) = 142.4) holds it, where the steady floor is.
     */
    @Test
    void aMarginThatWouldCostTheSloGivesWayToTheObservedOne() {
        Candidate cheap = floor(0.5, 1100, 40, 40, 68);
        Candidate steady = floor(1.5, 1300, 45, 45, 45);
        Candidate calmButShort = candidate(new Sizing.Floor(Headroom.uniform(0.1), 0, 60), 1000, 20, 30, 30, 30);
        List<Candidate> tried = List.of(REFERENCE, cheap, steady, calmButShort);

        ChurnMargin churnOptimism = SettingChoice.churnOptimism(tried, REFERENCE, SLO);

        assertThat(churnOptimism.observed()).isCloseTo(158.0 / 150, within(1e-12));
        assertThat(churnOptimism.withNoise()).isCloseTo((158 + Math.sqrt(158)) / 150, within(1e-12));
        assertChosen(tried, churnOptimism, cheap, steady);
    }

    /**
     * The HPA alone, chosen along its curves where the floor does not pay, has the same margin: a low target (many
     * small pods) at 40, 40 and 68 changes against a higher one steady at 40 a day, both within the SLO, the same
     * arithmetic as above. Untightened the cheaper low target is chosen; with the margin, the steady one.
     */
    @Test
    void theHpaAloneIsHeldCalmerTheSameWay() {
        Candidate manySmallPods = reactive(0.4, 1100, 40, 40, 68);
        Candidate steady = reactive(0.3, 1300, 40, 40, 40);
        List<Candidate> reactive = List.of(manySmallPods, steady);

        ChurnMargin churnOptimism = SettingChoice.churnOptimismAlongCurves(reactive, REFERENCE, SLO);

        assertThat(churnOptimism.observed()).as("148 < 150: never looser than the rule").isEqualTo(1.0);
        assertThat(churnOptimism.withNoise()).isCloseTo((148 + Math.sqrt(148)) / 150, within(1e-12));
        assertThat(SettingChoice.chooseAlongCurves(reactive, REFERENCE, SLO, Candidate::total)).as("untightened")
                .isSameAs(manySmallPods);
        assertThat(SettingChoice.chooseAlongCurves(reactive, REFERENCE, SLO, churnOptimism, Candidate::total))
                .isSameAs(steady);
        assertThat(SettingChoice.churnOptimismAlongCurves(List.of(reactive(0.4, 1100, 42, 42, 42), steady), REFERENCE,
                SLO)).as("calmer on every day by more than the noise of its count").isEqualTo(ChurnMargin.NONE);
    }

    /** An HPA alone at {@code target} (5-minute window), 0.5 % short on every block. */
    private static Candidate reactive(double target, long podsPerBlock, int... changesPerBlock) {
        Figures[] blocks = new Figures[changesPerBlock.length];
        for (int k = 0; k < blocks.length; k++) {
            blocks[k] = new Figures(5, 1000, podsPerBlock, changesPerBlock[k]);
        }
        return new Candidate(null, new Sizing.Reactive(target, 5), blocks, 3000);
    }

    /**
     * Settings calmer on each left-out day than the reference by more than the noise of their count (126 + √126 =
     * 137.2 against 150): the rule is not tightened, nor loosened below 1.
     */
    @Test
    void aClearlyCalmerChoiceKeepsTheRuleAsItIs() {
        List<Candidate> tried = List.of(REFERENCE, floor(0.5, 1100, 42, 42, 42), floor(1.5, 1300, 40, 40, 40));

        assertThat(SettingChoice.churnOptimism(tried, REFERENCE, SLO)).isEqualTo(ChurnMargin.NONE);
    }

    /**
     * Held calmer than any setting is: the choice falls back to the rule itself (the reference's changes) rather than
     * to every setting, so a setting busier than the reference is never chosen for being cheaper.
     */
    @Test
    void aMarginNoSettingMeetsFallsBackToTheRuleNotToNoRule() {
        Candidate atTheRule = floor(1.0, 1200, 50, 50, 50);
        Candidate busier = floor(0.2, 1050, 60, 60, 60);
        List<Candidate> tried = List.of(REFERENCE, atTheRule, busier);

        assertThat(SettingChoice.chooseTightened(tried, REFERENCE, SLO, SLO, new ChurnMargin(SettingChoice.MAX_OPTIMISM,
                SettingChoice.MAX_OPTIMISM), Candidate::total)).isSameAs(atTheRule);
    }

    /**
     * The rule leaves no setting within the SLO (the only ones as calm as the reference are 2 % short): a setting
     * within it whose 162 changes exceed the reference's 150 by less than one standard deviation of that count
     * (√150 = 12.2) is a tie, and taken; a cheaper one at 180 is not.
     */
    @Test
    void aTieWithinTheNoiseOfTheReferencesCountIsTakenWhereTheRuleLeavesNoSettingWithinTheSlo() {
        Candidate calmButShort = candidate(new Sizing.Floor(Headroom.uniform(0.1), 0, 0), 1050, 20, 50, 50, 50);
        Candidate tie = floor(0.5, 1200, 54, 54, 54);
        Candidate busier = floor(0.3, 1100, 60, 60, 60);
        List<Candidate> tried = List.of(REFERENCE, calmButShort, tie, busier);

        assertThat(SettingChoice.chooseTightened(tried, REFERENCE, SLO, SLO, ChurnMargin.NONE, Candidate::total))
                .isSameAs(tie);
    }

    /**
     * No setting within the noise of the reference's count meets the SLO: the least short within the rule itself is
     * chosen (1.5 % short at the reference's changes), not the least short under the strongest margin (a calm
     * setting 20 % short), nor a busier setting within the SLO.
     */
    @Test
    void whereNothingWithinTheNoiseMeetsTheSloTheLeastShortWithinTheRuleIsChosen() {
        Candidate calmest = candidate(new Sizing.Floor(Headroom.uniform(0.0), 0, 0), 900, 200, 10, 10, 10);
        Candidate atTheRule = candidate(new Sizing.Floor(Headroom.uniform(0.2), 0, 0), 1100, 15, 50, 50, 50);
        Candidate busy = floor(0.5, 1200, 70, 70, 70);
        List<Candidate> tried = List.of(REFERENCE, calmest, atTheRule, busy);

        assertThat(SettingChoice.chooseTightened(tried, REFERENCE, SLO, SLO, new ChurnMargin(SettingChoice.MAX_OPTIMISM,
                SettingChoice.MAX_OPTIMISM), Candidate::total)).isSameAs(atTheRule);
    }
}
