package dev.prescient.common.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The spread a floor's headroom is counted in: the model's p90 - p50, never below the least spread learnt with it. */
class FloorSpreadTest {

    private static final Sizing.Floor FLOOR = new Sizing.Floor(Headroom.uniform(1.5), 0, 0, 0.02);

    @Test
    void countsTheHeadroomInTheModelsSpreadWhereItIsWiderThanTheLeast() {
        // p90 - p50 = 60, more than 2 % of 1000
        assertThat(FLOOR.plannedDemand(1000, 1060, 0)).isCloseTo(1000 + 1.5 * 60, within(1e-9));
    }

    @Test
    void countsItInTheLeastSpreadWhereTheModelsP90HasCollapsedOrCrossed() {
        assertThat(FLOOR.plannedDemand(1000, 1000, 0)).isCloseTo(1000 + 1.5 * 20, within(1e-9));
        assertThat(FLOOR.plannedDemand(1000, 1005, 0)).isCloseTo(1000 + 1.5 * 20, within(1e-9));
        assertThat(FLOOR.plannedDemand(1000, 900, 0)).isCloseTo(1000 + 1.5 * 20, within(1e-9));
        // the same headroom with the old thousandth: a tenth of the cover
        Sizing.Floor old = new Sizing.Floor(Headroom.uniform(1.5), 0, 0);
        assertThat(old.plannedDemand(1000, 1000, 0)).isCloseTo(1000 + 1.5 * 1, within(1e-9));
    }

    @Test
    void neverPlansBelowZeroNorDividesByZero() {
        Sizing.Floor below = new Sizing.Floor(Headroom.uniform(-80), 0, 0, 0.02);
        assertThat(below.plannedDemand(1000, 1000, 0)).isZero();
        assertThat(Sizing.Floor.spread(0, 0, 0.02)).isPositive();
        assertThat(Sizing.Floor.spread(0, 0, 0)).isPositive();
    }

    @Test
    void refusesALeastSpreadOutsideZeroToOneNamingIt() {
        for (double bad : new double[] {-0.01, 1.5, Double.NaN}) {
            assertThatThrownBy(() -> new Sizing.Floor(Headroom.uniform(1), 0, 0, bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("floor minSpreadFraction must be in [0, 1] (a fraction of p50), got " + bad);
        }
    }
}
