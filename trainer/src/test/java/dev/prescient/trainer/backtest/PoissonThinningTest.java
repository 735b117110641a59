package dev.prescient.trainer.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.prescient.common.series.TimeSeries;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class PoissonThinningTest {

    private static final Instant T0 = Instant.parse("2021-08-01T00:00:00Z");
    private static final Duration MINUTE = Duration.ofMinutes(1);

    @Test
    void aOneMinuteTraceIsThinnedMinuteByMinuteToPoissonCountsOfTheMean() {
        double[] v = new double[20_000];
        Arrays.fill(v, 2_800);
        TimeSeries thin = PoissonThinning.thin(new TimeSeries(T0, MINUTE, v), 40, 7);

        double[] t = thin.values();
        assertThat(Arrays.stream(t).boxed()).allSatisfy(x -> assertThat(x).isEqualTo(Math.rint(x)).isNotNegative());
        // Poisson(40): mean 40 and variance 40; the sample's standard errors are 0.045 and 0.4
        assertThat(Arrays.stream(t).average().orElseThrow()).isCloseTo(40, within(0.3));
        assertThat(variance(t, 1, 0)).isCloseTo(40, within(2.0));
        assertThat(PoissonThinning.thin(new TimeSeries(T0, MINUTE, v), 40, 7, 1).values()).containsExactly(t);
        assertThat(PoissonThinning.thin(new TimeSeries(T0, MINUTE, v), 40, 8).values()).isNotEqualTo(t);
    }

    @Test
    void aCoarseTraceIsThinnedAtItsPointsAndInterpolatedBetweenTheDraws() {
        // a 5-minute trace on the one-minute grid: points 0, 5, 10, ... and straight lines between them
        int points = 4_001;
        double[] v = new double[(points - 1) * 5 + 1];
        for (int i = 0; i < v.length; i++) {
            v[i] = 100 + 50 * Math.sin(i / 300.0);
        }
        TimeSeries thin = PoissonThinning.thin(new TimeSeries(T0, MINUTE, v), 10, 3, 5);

        double[] t = thin.values();
        for (int i = 0; i < t.length; i += 5) {
            assertThat(t[i]).isEqualTo(Math.rint(t[i]));
        }
        for (int i = 0; i + 5 < t.length; i++) {
            int a = i - i % 5;
            assertThat(t[i]).isCloseTo(t[a] + (t[a + 5] - t[a]) * (i % 5) / 5.0, within(1e-9));
        }
        // the counts per step average 10, with the counting noise of 10 a step (variance ≈ mean), not of 10 a minute
        double[] atPoints = new double[points];
        double[] lambda = new double[points];
        for (int k = 0; k < points; k++) {
            atPoints[k] = t[5 * k];
            lambda[k] = v[5 * k] * 10 / mean(v, 5);
        }
        assertThat(mean(atPoints, 1)).isCloseTo(10, within(0.2));
        double residualVariance = 0;
        for (int k = 0; k < points; k++) {
            residualVariance += (atPoints[k] - lambda[k]) * (atPoints[k] - lambda[k]) / points;
        }
        assertThat(residualVariance).isCloseTo(10, within(1.0));
    }

    @Test
    void gapsStayGapsAndAMinuteBesideAGapIsThinnedOnItsOwn() {
        double[] v = new double[16];
        Arrays.fill(v, 1_000);
        v[5] = Double.NaN;
        TimeSeries thin = PoissonThinning.thin(new TimeSeries(T0, MINUTE, v), 40, 1, 5);

        double[] t = thin.values();
        assertThat(t[5]).isNaN();
        // minutes 1-4 and 6-9 lie beside the gap at 5: no straight line to draw, each is a count of its own
        for (int i : new int[] {0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 15}) {
            assertThat(t[i]).isEqualTo(Math.rint(t[i])).isPositive();
        }
        assertThat(t[12]).isCloseTo(t[10] + (t[15] - t[10]) * 2 / 5.0, within(1e-9));
    }

    @Test
    void requestsInVisitsKeepTheMeanAndWidenTheNoiseTo2KMinus1TimesIt() {
        double[] v = new double[40_000];
        Arrays.fill(v, 2_800);
        TimeSeries series = new TimeSeries(T0, MINUTE, v);
        double[] t = PoissonThinning.thin(series, 41, 7, 1, 6).values();

        assertThat(Arrays.stream(t).boxed()).allSatisfy(x -> assertThat(x).isEqualTo(Math.rint(x)).isNotNegative());
        // visits Poisson(41 / 6), each 1 + Geometric(p = 1/6) requests: mean 41, variance 41 × (2 × 6 − 1) = 451;
        // standard errors about 0.11 and 5
        assertThat(Arrays.stream(t).average().orElseThrow()).isCloseTo(41, within(0.5));
        assertThat(variance(t, 1, 0)).isCloseTo(451, within(25.0));
        // a visit of one request is the plain Poisson draw, the same counts
        assertThat(PoissonThinning.thin(series, 41, 7, 1, 1).values())
                .containsExactly(PoissonThinning.thin(series, 41, 7, 1).values());
    }

    @Test
    void badSettingsAreRefusedNamingTheValue() {
        TimeSeries s = new TimeSeries(T0, MINUTE, new double[] {1, 2, 3});
        assertThatThrownBy(() -> PoissonThinning.thin(s, 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0.0");
        assertThatThrownBy(() -> PoissonThinning.thin(s, 10, 1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole minutes >= 1, got 0");
        assertThatThrownBy(() -> PoissonThinning.thin(s, 10, 1, 1, 0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("visit size").hasMessageContaining("got 0.5");
        assertThatThrownBy(() -> PoissonThinning.thin(s, 10, 1, 1, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got NaN");
        TimeSeries zeros = new TimeSeries(T0, MINUTE, new double[] {0, 0, Double.NaN});
        assertThatThrownBy(() -> PoissonThinning.thin(zeros, 10, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no positive demand");
    }

    static double mean(double[] v, int every) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < v.length; i += every) {
            if (!Double.isNaN(v[i])) {
                sum += v[i];
                n++;
            }
        }
        return sum / n;
    }

    private static double variance(double[] v, int every, int from) {
        double m = mean(v, every);
        double sum = 0;
        int n = 0;
        for (int i = from; i < v.length; i += every) {
            sum += (v[i] - m) * (v[i] - m);
            n++;
        }
        return sum / n;
    }
}
