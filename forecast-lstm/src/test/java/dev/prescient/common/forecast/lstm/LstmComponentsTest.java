package dev.prescient.common.forecast.lstm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.prescient.common.forecast.Forecast;
import dev.prescient.common.forecast.ForecastException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The pieces of the forecaster that need no training. */
class LstmComponentsTest {

    static final FeatureLayout LAYOUT = new FeatureLayout(4, 2, 12, 3, List.of(Duration.ofHours(1)), List.of(12, 6));
    static final long STEP_MS = Duration.ofMinutes(5).toMillis();

    @ParameterizedTest
    @ValueSource(doubles = {0, 0.5, 3, 1234.5, 1e6})
    void scalerInvertsItsScaling(double x) {
        SeriesScaler scaler = SeriesScaler.fit(new double[] {0, 10, 20, 30, Double.NaN, 4000});
        assertThat(scaler.invert(scaler.scale(x))).isCloseTo(x, offset(1e-6 * (1 + x)));
    }

    @Test
    void scalerStandardisesAndKeepsGaps() {
        double[] values = {0, 10, 20, 30, Double.NaN, 40};
        SeriesScaler scaler = SeriesScaler.fit(values);
        double[] z = scaler.scaleAll(values);
        assertThat(scaler.reference()).isEqualTo(30);
        assertThat(z[4]).isNaN();
        double mean = Arrays.stream(z).filter(Double::isFinite).average().orElseThrow();
        assertThat(mean).isCloseTo(0, offset(1e-9));
    }

    @Test
    void scalerOfOnlyGapsIsAbsent() {
        assertThat(SeriesScaler.fit(new double[] {Double.NaN, Double.NaN})).isNull();
    }

    @Test
    void featuresAlignLagsWithTheHorizon() {
        double[] z = ramp(40);
        WindowInput in = new WindowFeatures(LAYOUT).build(z, 0, STEP_MS, 20);
        // sequence rows t = 16..19: value, value a season earlier, sin, cos of the hour phase
        assertThat(in.sequence()[0]).isEqualTo(16f);
        assertThat(in.sequence()[1]).isEqualTo(4f);
        assertThat(in.sequence()[3 * LAYOUT.stepFeatures()]).isEqualTo(19f);
        // dense: lag 12 at h = 0, 1; lag 6 at h = 0, 1; newest; mean of newest 3; window mean; sin, cos of origin
        assertThat(Arrays.copyOf(in.dense(), 7)).containsExactly(8f, 9f, 14f, 15f, 19f, 18f, 17.5f);
        assertThat(in.dense()[7]).isCloseTo((float) Math.sin(2 * Math.PI * 20 / 12), offset(1e-6f));
        assertThat(in.base()).isEqualTo(18f);
    }

    @Test
    void trainingWindowsTouchingAGapAreSkipped() {
        double[] z = ramp(60);
        WindowFeatures features = new WindowFeatures(LAYOUT);
        int cleanCount = WindowDataset.build(features, z, 0, STEP_MS, 0.2).train().size();
        z[40] = Double.NaN;
        WindowDataset gappy = WindowDataset.build(features, z, 0, STEP_MS, 0.2);
        // origins 16..58; validation takes the newest 9 (50..58), training stops at origin 48 (targets end before 50).
        // A gap at 40 removes origins whose window (o-4..o-1), targets (o..o+1), season-ago inputs and horizon
        // (o-16..o-11) or lag-6 values (o-6..o-5) hold it: o in 41..44, 39..40, 51..56 (validation) and 45..46.
        assertThat(cleanCount).isEqualTo(33);
        assertThat(gappy.train().size()).isEqualTo(33 - 8);
        assertThat(gappy.validation().size()).isEqualTo(9 - 6);
    }

    @Test
    void pinballLossMatchesItsDefinition() {
        TorchRuntime.engine();
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] y = {1, 2, 3, 4};
            float[] p50 = {1.5f, 1, 3, 6};
            float[] p90 = {2, 1.5f, 3.5f, 6};
            NDList labels = new NDList(manager.create(y, new Shape(2, 2)));
            NDList predictions = new NDList(manager.create(p50, new Shape(2, 2)), manager.create(p90, new Shape(2, 2)));
            double expected = 0;
            for (int i = 0; i < 4; i++) {
                expected += PinballLoss.of(y[i], p50[i], p90[i]) / 4;
            }
            assertThat(new PinballLoss().evaluate(labels, predictions).getFloat()).isCloseTo((float) expected, offset(1e-6f));
            assertThat(PinballLoss.of(2, 1, 1)).isCloseTo(0.5 + 0.9, offset(1e-6));
        }
    }

    @Test
    void decoderClampsAtZeroAndKeepsP90AboveP50() {
        SeriesScaler scaler = new SeriesScaler(10, 0.5, 0.2);
        QuantileDecoder decoder = new QuantileDecoder(scaler, -5.0);
        Forecast f = decoder.decode(new RawQuantiles(new float[] {-10, 1}, new float[] {-9, 2}),
                Instant.EPOCH, Duration.ofMinutes(1), 2);
        assertThat(f.p50At(0)).isZero();
        assertThat(f.p90At(0)).isZero();
        assertThat(f.p50At(1)).isCloseTo(scaler.invert(1), offset(1e-9));
        assertThat(f.p90At(1)).isEqualTo(f.p50At(1));
    }

    @ParameterizedTest
    @ValueSource(floats = {Float.NaN, Float.POSITIVE_INFINITY, 1e30f})
    void decoderRefusesGarbageFromTheNetwork(float garbage) {
        QuantileDecoder decoder = new QuantileDecoder(new SeriesScaler(10, 0.5, 0.2), 0);
        assertThatThrownBy(() -> decoder.decode(new RawQuantiles(new float[] {garbage}, new float[] {garbage}),
                Instant.EPOCH, Duration.ofMinutes(1), 1))
                .isInstanceOf(ForecastException.class)
                .hasMessageContaining("non-finite forecast at step 0")
                .hasMessageContaining("retrain it");
    }

    private static double[] ramp(int n) {
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = i;
        }
        return z;
    }
}
