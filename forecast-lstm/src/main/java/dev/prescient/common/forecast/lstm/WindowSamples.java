package dev.prescient.common.forecast.lstm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/** A set of training windows held as flat arrays, turned into mini-batches on demand. */
final class WindowSamples {

    private final FeatureLayout layout;
    private final float[] sequences;
    private final float[] dense;
    private final float[] bases;
    private final float[] labels;
    private final int size;

    WindowSamples(FeatureLayout layout, List<WindowInput> inputs, List<float[]> targets) {
        this.layout = layout;
        this.size = inputs.size();
        int seqLen = layout.window() * layout.stepFeatures();
        int denseLen = layout.denseFeatures();
        this.sequences = new float[size * seqLen];
        this.dense = new float[size * denseLen];
        this.bases = new float[size];
        this.labels = new float[size * layout.horizon()];
        for (int i = 0; i < size; i++) {
            WindowInput in = inputs.get(i);
            System.arraycopy(in.sequence(), 0, sequences, i * seqLen, seqLen);
            System.arraycopy(in.dense(), 0, dense, i * denseLen, denseLen);
            bases[i] = in.base();
            System.arraycopy(targets.get(i), 0, labels, i * layout.horizon(), layout.horizon());
        }
    }

    FeatureLayout layout() {
        return layout;
    }

    int size() {
        return size;
    }

    /** Scaled target of sample {@code i} at horizon step {@code h}. */
    float label(int i, int h) {
        return labels[i * layout.horizon() + h];
    }

    /** Network inputs (sequence, dense, base) of the given samples. */
    NDList inputs(NDManager manager, int[] idx) {
        int seqLen = layout.window() * layout.stepFeatures();
        int denseLen = layout.denseFeatures();
        return new NDList(
                manager.create(gather(sequences, idx, seqLen), new Shape(idx.length, layout.window(), layout.stepFeatures())),
                manager.create(gather(dense, idx, denseLen), new Shape(idx.length, denseLen)),
                manager.create(gather(bases, idx, 1), new Shape(idx.length, 1)));
    }

    NDList labels(NDManager manager, int[] idx) {
        NDArray y = manager.create(gather(labels, idx, layout.horizon()), new Shape(idx.length, layout.horizon()));
        return new NDList(y);
    }

    int[] all() {
        int[] idx = new int[size];
        for (int i = 0; i < size; i++) {
            idx[i] = i;
        }
        return idx;
    }

    private static float[] gather(float[] source, int[] idx, int rowLen) {
        float[] out = new float[idx.length * rowLen];
        for (int i = 0; i < idx.length; i++) {
            System.arraycopy(source, idx[i] * rowLen, out, i * rowLen, rowLen);
        }
        return out;
    }
}
