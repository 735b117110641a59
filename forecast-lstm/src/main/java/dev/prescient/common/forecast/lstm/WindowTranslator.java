package dev.prescient.common.forecast.lstm;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;

/** Turns one {@link WindowInput} into a batch of one and the network's output back into arrays. */
final class WindowTranslator implements NoBatchifyTranslator<WindowInput, RawQuantiles> {

    private final FeatureLayout layout;

    WindowTranslator(FeatureLayout layout) {
        this.layout = layout;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, WindowInput input) {
        NDManager manager = ctx.getNDManager();
        return new NDList(
                manager.create(input.sequence(), new Shape(1, layout.window(), layout.stepFeatures())),
                manager.create(input.dense(), new Shape(1, layout.denseFeatures())),
                manager.create(new float[] {input.base()}, new Shape(1, 1)));
    }

    @Override
    public RawQuantiles processOutput(TranslatorContext ctx, NDList list) {
        return new RawQuantiles(list.get(0).toFloatArray(), list.get(1).toFloatArray());
    }
}
