package dev.prescient.common.forecast.lstm;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.prescient.common.forecast.ForecastException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Random;

/**
 * Mini-batch Adam on the pinball loss with early stopping on the time-ordered validation windows;
 * the parameters of the best epoch are restored at the end. Deterministic for a given seed: the
 * engine's seed fixes the initial weights, a seeded {@link Random} fixes the batch order, and the
 * engine runs one thread. Only a stop by the wall-clock limit breaks reproducibility.
 */
final class LstmTrainingLoop {

    /** The engine seed is process-wide: seeding and initialising must not interleave between trainings. */
    private static final Object SEED_LOCK = new Object();

    private final LstmConfig config;
    private final long seed;

    LstmTrainingLoop(LstmConfig config, long seed) {
        this.config = config;
        this.seed = seed;
    }

    TrainingOutcome train(Model model, WindowDataset data) {
        long started = System.nanoTime();
        long deadline = started + config.maxTrainingTime().toNanos();
        Block block = model.getBlock();
        Random order = new Random(seed);
        double best = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        int epoch = 0;
        byte[] snapshot = null;
        String reason = "max-epochs";
        try (Trainer trainer = model.newTrainer(trainingConfig())) {
            initialize(trainer, data);
            while (epoch < config.maxEpochs()) {
                epoch++;
                runEpoch(trainer, data.train(), order);
                double loss = validationLoss(trainer, data.validation());
                if (loss < best) {
                    best = loss;
                    bestEpoch = epoch;
                    snapshot = snapshot(block);
                } else if (epoch - bestEpoch >= config.patience()) {
                    reason = "early-stopping";
                    break;
                }
                if (System.nanoTime() > deadline) {
                    reason = "time-limit";
                    break;
                }
            }
        }
        if (snapshot == null) {
            throw new ForecastException("lstm training diverged: the validation loss was "
                    + "never finite in " + epoch + " epochs; check the history for extreme values or lower the learning rate");
        }
        restore(model, snapshot);
        return new TrainingOutcome(epoch, bestEpoch, best, reason, Duration.ofNanos(System.nanoTime() - started));
    }

    /** Predictions of the (restored) network for every sample, in scaled units, horizon-major per sample. */
    static RawQuantiles predict(Model model, WindowSamples samples) {
        return TorchRuntime.withAutograd(() -> {
            try (NDManager manager = model.getNDManager().newSubManager()) {
                NDList out = model.getBlock().forward(new ParameterStore(manager, false),
                        samples.inputs(manager, samples.all()), false);
                return new RawQuantiles(out.get(0).toFloatArray(), out.get(1).toFloatArray());
            }
        });
    }

    private DefaultTrainingConfig trainingConfig() {
        Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) config.learningRate())).build();
        return new DefaultTrainingConfig(new PinballLoss()).optOptimizer(adam).optDevices(new Device[] {Device.cpu()});
    }

    private void initialize(Trainer trainer, WindowDataset data) {
        FeatureLayout layout = layoutOf(data);
        int batch = config.batchSize();
        synchronized (SEED_LOCK) {
            TorchRuntime.engine().setRandomSeed((int) (seed ^ (seed >>> 32)));
            trainer.initialize(new Shape(batch, layout.window(), layout.stepFeatures()),
                    new Shape(batch, layout.denseFeatures()), new Shape(batch, 1));
        }
    }

    private void runEpoch(Trainer trainer, WindowSamples train, Random order) {
        int[] shuffled = shuffle(train.size(), order);
        for (int from = 0; from < shuffled.length; from += config.batchSize()) {
            int[] batch = java.util.Arrays.copyOfRange(shuffled, from, Math.min(shuffled.length, from + config.batchSize()));
            try (NDManager manager = trainer.getManager().newSubManager();
                 GradientCollector collector = trainer.newGradientCollector()) {
                NDList predictions = trainer.forward(train.inputs(manager, batch));
                collector.backward(trainer.getLoss().evaluate(train.labels(manager, batch), predictions));
            }
            trainer.step();
        }
    }

    private static double validationLoss(Trainer trainer, WindowSamples validation) {
        return TorchRuntime.withAutograd(() -> {
            try (NDManager manager = trainer.getManager().newSubManager()) {
                NDList inputs = validation.inputs(manager, validation.all());
                NDList out = trainer.evaluate(inputs);
                return (double) trainer.getLoss().evaluate(validation.labels(manager, validation.all()), out).getFloat();
            }
        });
    }

    private static int[] shuffle(int size, Random order) {
        int[] idx = new int[size];
        for (int i = 0; i < size; i++) {
            idx[i] = i;
        }
        for (int i = size - 1; i > 0; i--) {
            int j = order.nextInt(i + 1);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        return idx;
    }

    private static byte[] snapshot(Block block) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            block.saveParameters(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot snapshot lstm parameters in memory", e);
        }
        return bytes.toByteArray();
    }

    private static void restore(Model model, byte[] snapshot) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot))) {
            model.getBlock().loadParameters(model.getNDManager(), in);
        } catch (IOException | MalformedModelException e) {
            throw new IllegalStateException("cannot restore the best lstm epoch from memory", e);
        }
    }

    private static FeatureLayout layoutOf(WindowDataset data) {
        return data.train().layout();
    }
}
