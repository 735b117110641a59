package dev.prescient.common.forecast.lstm;

import java.util.ArrayList;
import java.util.List;

/**
 * Every gap-free training window of a scaled history, split by time: the newest share of origins
 * validates, the older ones train, and no training target overlaps a validation target.
 *
 * @param train windows to fit on, oldest first
 * @param validation windows for early stopping and calibration, oldest first
 */
record WindowDataset(WindowSamples train, WindowSamples validation) {

    static WindowDataset build(WindowFeatures features, double[] z, long startMillis, long stepMillis,
                               double validationFraction) {
        FeatureLayout layout = features.layout();
        int first = layout.requiredHistory();
        int last = z.length - layout.horizon();
        int usable = Math.max(0, last - first + 1);
        int validationStart = last + 1 - (int) Math.round(usable * validationFraction);
        Collector train = new Collector();
        Collector validation = new Collector();
        for (int origin = first; origin <= last; origin++) {
            boolean isValidation = origin >= validationStart;
            if (!isValidation && origin + layout.horizon() > validationStart) {
                continue;
            }
            if (!features.finiteTargets(z, origin)) {
                continue;
            }
            WindowInput input = features.build(z, startMillis, stepMillis, origin);
            if (input != null) {
                (isValidation ? validation : train).add(input, targets(z, origin, layout.horizon()));
            }
        }
        return new WindowDataset(train.samples(layout), validation.samples(layout));
    }

    private static float[] targets(double[] z, int origin, int horizon) {
        float[] y = new float[horizon];
        for (int h = 0; h < horizon; h++) {
            y[h] = (float) z[origin + h];
        }
        return y;
    }

    private static final class Collector {
        private final List<WindowInput> inputs = new ArrayList<>();
        private final List<float[]> targets = new ArrayList<>();

        void add(WindowInput input, float[] target) {
            inputs.add(input);
            targets.add(target);
        }

        WindowSamples samples(FeatureLayout layout) {
            return new WindowSamples(layout, inputs, targets);
        }
    }
}
