package dev.prescient.common.forecast.lstm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

/**
 * DJL 0.36 with PyTorch 2.7.1 computes the LSTM wrongly when autograd is off; every forward pass of
 * the forecaster therefore runs through {@link TorchRuntime#withAutograd}. This pins that the
 * workaround path computes the textbook LSTM.
 */
class LstmAutogradWorkaroundTest {

    static final int HIDDEN = 4;
    static final int INPUT = 3;
    static final int STEPS = 5;

    @Test
    void lstmUnderTheWorkaroundMatchesTheLstmEquations() {
        TorchRuntime.engine().setRandomSeed(5);
        try (NDManager manager = NDManager.newBaseManager()) {
            LSTM lstm = LSTM.builder().setStateSize(HIDDEN).setNumLayers(1).optBatchFirst(true).optReturnState(false).build();
            lstm.initialize(manager, DataType.FLOAT32, new Shape(1, STEPS, INPUT));
            NDArray x = manager.randomNormal(new Shape(1, STEPS, INPUT));
            float[] djl = TorchRuntime.withAutograd(() -> lstm.forward(new ParameterStore(manager, false),
                    new NDList(x), false).head().get(":, -1, :").toFloatArray());
            double[] expected = equations(lstm, x.toFloatArray());
            for (int j = 0; j < HIDDEN; j++) {
                assertThat((double) djl[j]).as("hidden unit %d", j).isCloseTo(expected[j], offset(1e-5));
            }
        }
    }

    /** Final hidden state by PyTorch's LSTM equations, gates in the order input, forget, cell, output. */
    private static double[] equations(LSTM lstm, float[] x) {
        float[] wi = lstm.getParameters().get("l_0_i2h_WEIGHT").getArray().toFloatArray();
        float[] wh = lstm.getParameters().get("l_0_h2h_WEIGHT").getArray().toFloatArray();
        float[] bi = lstm.getParameters().get("l_0_i2h_BIAS").getArray().toFloatArray();
        float[] bh = lstm.getParameters().get("l_0_h2h_BIAS").getArray().toFloatArray();
        double[] h = new double[HIDDEN];
        double[] c = new double[HIDDEN];
        for (int t = 0; t < STEPS; t++) {
            double[] g = new double[4 * HIDDEN];
            for (int k = 0; k < 4 * HIDDEN; k++) {
                g[k] = bi[k] + bh[k];
                for (int j = 0; j < INPUT; j++) {
                    g[k] += wi[k * INPUT + j] * x[t * INPUT + j];
                }
                for (int j = 0; j < HIDDEN; j++) {
                    g[k] += wh[k * HIDDEN + j] * h[j];
                }
            }
            for (int j = 0; j < HIDDEN; j++) {
                c[j] = sigmoid(g[HIDDEN + j]) * c[j] + sigmoid(g[j]) * Math.tanh(g[2 * HIDDEN + j]);
                h[j] = sigmoid(g[3 * HIDDEN + j]) * Math.tanh(c[j]);
            }
        }
        return h;
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }
}
