package dev.prescient.common.forecast.lstm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * Quantile (pinball) loss of the p50 and p90 outputs against one label array, summed over the two
 * quantiles and averaged over samples and horizon steps.
 */
final class PinballLoss extends Loss {

    static final float P50 = 0.5f;
    static final float P90 = 0.9f;

    PinballLoss() {
        super("pinball");
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray y = labels.head();
        return pinball(y, predictions.get(0), P50).add(pinball(y, predictions.get(1), P90));
    }

    private static NDArray pinball(NDArray y, NDArray prediction, float q) {
        NDArray error = y.sub(prediction);
        return error.mul(q).maximum(error.mul(q - 1)).mean();
    }

    /** The same loss in plain Java, for validation passes that run outside the engine's graph. */
    static double of(float label, float p50, float p90) {
        return pinball(label - p50, P50) + pinball(label - p90, P90);
    }

    private static double pinball(double error, double q) {
        return Math.max(q * error, (q - 1) * error);
    }
}
