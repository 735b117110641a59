package dev.prescient.common.forecast.lstm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The LSTM reads the recent window; its final state, joined with the dense features (the season-ago
 * horizon and the clock), feeds a dense head that emits every horizon step at once. A linear skip
 * path from the dense features lets the head start from a blend of season-ago values.
 *
 * <p>Inputs: sequence {@code (B, window, stepFeatures)}, dense {@code (B, denseFeatures)}, base
 * {@code (B, 1)}. Outputs, scaled: p50 {@code = base + r} and p90 {@code = p50 + softplus(d)}, both
 * {@code (B, horizon)}, so the quantiles never cross.
 */
final class LstmQuantileNetwork extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int horizon;
    private final int hiddenSize;
    private final int headSize;
    private final LSTM lstm;
    private final Linear head;
    private final Linear output;
    private final Linear skip;

    LstmQuantileNetwork(int horizon, int hiddenSize, int headSize) {
        super(VERSION);
        this.horizon = horizon;
        this.hiddenSize = hiddenSize;
        this.headSize = headSize;
        this.lstm = addChildBlock("lstm", LSTM.builder().setStateSize(hiddenSize).setNumLayers(1)
                .optBatchFirst(true).optReturnState(false).build());
        this.head = addChildBlock("head", Linear.builder().setUnits(headSize).build());
        this.output = addChildBlock("output", Linear.builder().setUnits(2L * horizon).build());
        this.skip = addChildBlock("skip", Linear.builder().setUnits(2L * horizon).build());
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
        NDArray out = output.forward(store, new NDList(hidden), training).head()
                .add(skip.forward(store, new NDList(dense), training).head());
        NDArray p50 = out.get(":, :" + horizon).add(base);
        NDArray p90 = p50.add(Activation.softPlus(out.get(":, " + horizon + ":")));
        return new NDList(p50, p90);
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
        skip.initialize(manager, dataType, inputShapes[1]);
    }
}
