package dev.prescient.common.forecast.lstm;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.prescient.common.forecast.artifact.ModelLoadException;
import dev.prescient.common.forecast.artifact.ModelLoader;
import dev.prescient.common.forecast.artifact.ModelManifest;
import dev.prescient.common.forecast.artifact.VerifiedArtifact;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/** Rebuilds an {@link LstmModel} from a verified artifact written by {@code ModelArtifacts.save}. */
public final class LstmModelLoader implements ModelLoader {

    @Override
    public LstmModel load(VerifiedArtifact artifact) {
        ModelManifest manifest = artifact.manifest();
        if (!LstmForecaster.TYPE.equals(manifest.forecasterType())) {
            throw failure(artifact, "it holds a " + manifest.forecasterType() + " model, not " + LstmForecaster.TYPE, null);
        }
        LstmConfig config;
        FeatureLayout layout;
        SeriesScaler scaler;
        try {
            config = LstmConfig.fromMap(manifest.hyperParameters());
            layout = FeatureLayout.fromMap(manifest.hyperParameters(), manifest.window(), manifest.horizon());
            scaler = SeriesScaler.fromMap(manifest.scaling());
        } catch (RuntimeException e) {
            throw failure(artifact, "the manifest's settings are invalid: " + e.getMessage(), e);
        }
        Double offset = manifest.scaling().get("p90Offset");
        if (offset == null || !Double.isFinite(offset)) {
            throw failure(artifact, "the manifest's scaling has no finite p90Offset", null);
        }
        TorchRuntime.engine();
        Model model = Model.newInstance(LstmForecaster.TYPE, Device.cpu(), TorchRuntime.ENGINE);
        try {
            model.setBlock(network(model, layout, config, artifact));
            LstmModel.Description description = new LstmModel.Description(config, manifest.step(),
                    manifest.trainingFrom(), manifest.trainingTo(), manifest.validationMetrics().get(LstmForecaster.TYPE),
                    null);
            return new LstmModel(model, layout, scaler, offset, description);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private static LstmQuantileNetwork network(Model model, FeatureLayout layout, LstmConfig config,
                                               VerifiedArtifact artifact) {
        LstmQuantileNetwork network = new LstmQuantileNetwork(layout.horizon(), layout.lags().size(), config.hiddenSize(), config.headSize());
        network.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, layout.window(), layout.stepFeatures()),
                new Shape(1, layout.denseFeatures()), new Shape(1, 1));
        Map<String, Shape> expected = shapes(network);
        try (DataInputStream in = new DataInputStream(artifact.openParameters())) {
            network.loadParameters(model.getNDManager(), in);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            throw failure(artifact, "the parameters do not fit the network the manifest describes: " + e.getMessage(), e);
        }
        Map<String, Shape> actual = shapes(network);
        if (!actual.equals(expected)) {
            throw failure(artifact, "the parameters do not fit the network the manifest describes: expected shapes "
                    + expected + ", file has " + actual, null);
        }
        return network;
    }

    private static Map<String, Shape> shapes(LstmQuantileNetwork network) {
        Map<String, Shape> shapes = new TreeMap<>();
        network.getParameters().forEach(p -> shapes.put(p.getKey(), p.getValue().getArray().getShape()));
        return shapes;
    }

    private static ModelLoadException failure(VerifiedArtifact artifact, String reason, Throwable cause) {
        return new ModelLoadException("cannot load lstm model from " + artifact.directory() + ": " + reason, cause);
    }
}
