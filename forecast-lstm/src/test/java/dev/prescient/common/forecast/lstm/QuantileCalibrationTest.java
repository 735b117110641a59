package dev.prescient.common.forecast.lstm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The split-conformal correction of p90 on the validation windows. */
class QuantileCalibrationTest {

    private static final FeatureLayout LAYOUT = LstmComponentsTest.LAYOUT;
    private static final int WINDOWS = 99;

    /** Validation windows whose scaled label at window i, step h, is {@code label[i * horizon + h]}. */
    private static WindowSamples validation(float[] label) {
        int horizon = LAYOUT.horizon();
        List<WindowInput> inputs = new ArrayList<>();
        List<float[]> targets = new ArrayList<>();
        for (int i = 0; i < label.length / horizon; i++) {
            inputs.add(new WindowInput(new float[LAYOUT.window() * LAYOUT.stepFeatures()],
                    new float[LAYOUT.denseFeatures()], 0f));
            float[] t = new float[horizon];
            System.arraycopy(label, i * horizon, t, 0, horizon);
            targets.add(t);
        }
        return new WindowSamples(LAYOUT, inputs, targets);
    }

    private static float[] constant(int n, float v) {
        float[] out = new float[n];
        java.util.Arrays.fill(out, v);
        return out;
    }

    @Test
    void widensAP90ThatCoversTooFewValidationLabelsToTheirNinetyTwoPercentQuantile() {
        int n = WINDOWS * LAYOUT.horizon();
        float[] label = new float[n];
        for (int k = 0; k < n; k++) {
            label[k] = 1f + (k + 1) / (float) n; // 1 + 1/n .. 2: every label above the network's p90 of 1
        }
        RawQuantiles predicted = new RawQuantiles(constant(n, 0f), constant(n, 1f));

        double offsetUp = QuantileCalibration.p90Offset(validation(label), predicted);

        // the ceil((n + 1) * 0.92)-th smallest of the scores label - p90 = k / n (k = 1..n, n = 198): k = 184
        assertThat(offsetUp).isCloseTo(184.0 / n, offset(1e-6));
        long covered = 0;
        for (float y : label) {
            covered += y <= QuantileCalibration.p90(0, 1, offsetUp) + 1e-6 ? 1 : 0;
        }
        assertThat((double) covered / n).isBetween(0.92, 0.93);
    }

    /**
     * A validation span calmer than the network expected (the quiet hours after a busy day, as when a weekly cycle's
     * Sunday ends a 3-day history) puts every label below the network's p50. The conformal quantile of the scores is
     * then negative and would pull p90 onto p50 for every forecast: a p90 that says nothing of the errors on the
     * busier days that follow. The correction widens a p90 that covers too little, and never narrows the network's.
     */
    @Test
    void neverNarrowsTheNetworksP90SoAQuietValidationSpanCannotCollapseItOntoP50() {
        int n = WINDOWS * LAYOUT.horizon();
        RawQuantiles predicted = new RawQuantiles(constant(n, 0f), constant(n, 0.5f));

        double offsetDown = QuantileCalibration.p90Offset(validation(constant(n, -1f)), predicted);

        assertThat(offsetDown).isZero();
        assertThat(QuantileCalibration.p90(0, 0.5, offsetDown)).isEqualTo(0.5);
    }

    @Test
    void aCalibratedP90IsNeverBelowP50() {
        assertThat(QuantileCalibration.p90(1.0, 0.4, 0.2)).isEqualTo(1.0);
        assertThat(QuantileCalibration.p90(1.0, 0.9, 0.2)).isCloseTo(1.1, offset(1e-12));
    }
}
