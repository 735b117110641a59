package dev.prescient.common.forecast.lstm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * Two paths, summed. An aligned linear path gives each horizon step its own blend of the lagged
 * values at that step (a day, an hour, two hours before) and of the recent summaries; it learns the
 * robust part. A non-linear path corrects it: the LSTM reads the recent window, its final state
 * joined with the dense features feeds a dense head that emits every horizon step at once. The
 * head's output layer starts at zero, so training starts from the linear model and the non-linear
 * correction grows only as far as it helps (early stopping watches the validation loss); on the
 * noisy traces this beat both the linear path alone and a randomly initialised head.
 *
 * <p>Inputs: sequence {@code (B, window, stepFeatures)}, dense {@code (B, denseFeatures)} laid out as
 * {@link FeatureLayout} says, base {@code (B, 1)}. Outputs, scaled: p50 {@code = base + linear + r}
 * and p90 {@code = p50 + softplus(spread + d)}, both {@code (B, horizon)}, so the quantiles never
 * cross.
 */
final class LstmQuantileNetwork extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int horizon;
    private final int lagCount;
    private final int hiddenSize;
    private final int headSize;
    private final LSTM lstm;
    private final Linear head;
    private final Linear output;
    private final Parameter lagWeights;
    private final Parameter summaryWeights;
    private final Parameter spreadBias;

    LstmQuantileNetwork(int horizon, int lagCount, int hiddenSize, int headSize) {
        super(VERSION);
        this.horizon = horizon;
        this.lagCount = lagCount;
        this.hiddenSize = hiddenSize;
        this.headSize = headSize;
        this.lstm = addChildBlock("lstm", LSTM.builder().setStateSize(hiddenSize).setNumLayers(1)
                .optBatchFirst(true).optReturnState(false).build());
        this.head = addChildBlock("head", Linear.builder().setUnits(headSize).build());
        this.output = addChildBlock("output", Linear.builder().setUnits(2L * horizon).build());
        this.lagWeights = addParameter(Parameter.builder().setName("lagWeights").setType(Parameter.Type.OTHER)
                .optShape(new Shape(lagCount, horizon)).optInitializer(Initializer.ZEROS).build());
        this.summaryWeights = addParameter(Parameter.builder().setName("summaryWeights")
                .setType(Parameter.Type.OTHER).optShape(new Shape(FeatureLayout.RECENT_SUMMARIES, horizon))
                .optInitializer(Initializer.ZEROS).build());
        this.spreadBias = addParameter(Parameter.builder().setName("spreadBias").setType(Parameter.Type.OTHER)
                .optShape(new Shape(horizon)).optInitializer(Initializer.ZEROS).build());
        output.setInitializer(Initializer.ZEROS, Parameter.Type.WEIGHT);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray sequence = inputs.get(0);
        NDArray dense = inputs.get(1);
        NDArray base = inputs.get(2);
        NDArray states = lstm.forward(store, new NDList(sequence), training).head();
        NDArray last = states.get(":, -1, :");
        NDArray joined = NDArrays.concat(new NDList(last, dense), 1);
        NDArray hidden = Activation.relu(head.forward(store, new NDList(joined), training).head());
        NDArray out = output.forward(store, new NDList(hidden), training).head();
        NDArray p50 = out.get(":, :" + horizon).add(base).add(aligned(store, dense, training));
        NDArray spread = store.getValue(spreadBias, dense.getDevice(), training);
        NDArray p90 = p50.add(Activation.softPlus(out.get(":, " + horizon + ":").add(spread)));
        return new NDList(p50, p90);
    }

    private NDArray aligned(ParameterStore store, NDArray dense, boolean training) {
        int lagEnd = lagCount * horizon;
        NDArray lags = dense.get(":, :" + lagEnd).reshape(-1, lagCount, horizon);
        NDArray summaries = dense.get(":, " + lagEnd + ":" + (lagEnd + FeatureLayout.RECENT_SUMMARIES));
        NDArray w = store.getValue(lagWeights, dense.getDevice(), training);
        NDArray v = store.getValue(summaryWeights, dense.getDevice(), training);
        return lags.mul(w).sum(new int[] {1}).add(summaries.matMul(v));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape out = new Shape(inputShapes[0].get(0), horizon);
        return new Shape[] {out, out};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long batch = inputShapes[0].get(0);
        long denseWidth = inputShapes[1].get(1);
        lstm.initialize(manager, dataType, inputShapes[0]);
        head.initialize(manager, dataType, new Shape(batch, hiddenSize + denseWidth));
        output.initialize(manager, dataType, new Shape(batch, headSize));
    }
}
