package dev.prescient.trainer.sizing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The churn rule's margin from the left-out scale changes and the reference's on the same blocks. */
class ChurnMarginTest {

    @Test
    void addsOneStandardDeviationOfTheCountToTheObservedRatio() {
        ChurnMargin m = ChurnMargin.of(400, 380);

        assertThat(m.observed()).isCloseTo(400.0 / 380, within(1e-12));
        assertThat(m.withNoise()).isCloseTo((400 + 20.0) / 380, within(1e-12));
        assertThat(m.factors()).containsExactly(m.withNoise(), m.observed(), 1.0);
    }

    @Test
    void neverLoosensTheRuleNorTightensItBeyondTheCap() {
        assertThat(ChurnMargin.of(100, 400)).as("far calmer than the reference").isEqualTo(ChurnMargin.NONE);
        ChurnMargin calmByLessThanTheNoise = ChurnMargin.of(390, 400);
        assertThat(calmByLessThanTheNoise.observed()).isEqualTo(1.0);
        assertThat(calmByLessThanTheNoise.withNoise()).isCloseTo((390 + Math.sqrt(390)) / 400, within(1e-12));
        ChurnMargin busy = ChurnMargin.of(1000, 100);
        assertThat(busy.observed()).isEqualTo(SettingChoice.MAX_OPTIMISM);
        assertThat(busy.withNoise()).isEqualTo(SettingChoice.MAX_OPTIMISM);
    }

    @Test
    void aReferenceThatNeverChangesScaleGivesNoMargin() {
        assertThat(ChurnMargin.of(12, 0)).isEqualTo(ChurnMargin.NONE);
    }

    @Test
    void refusesAMarginBelowTheRuleOrOutOfOrder() {
        assertThatThrownBy(() -> new ChurnMargin(0.9, 1.0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0.9");
        assertThatThrownBy(() -> new ChurnMargin(1.2, 1.1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1.1");
        assertThatThrownBy(() -> new ChurnMargin(1.0, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
