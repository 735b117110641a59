package dev.prescient.common.forecast.artifact;

import dev.prescient.common.forecast.FittedModel;
import java.io.IOException;
import java.io.OutputStream;

/** A fitted model with trained parameters that {@link ModelArtifacts} can save. */
public interface PersistableModel extends FittedModel {

    /** Everything about the model except the parameter file, its hash and the creation time. */
    ModelManifest manifest();

    /** Writes the parameters; identical training writes identical bytes. */
    void writeParameters(OutputStream out) throws IOException;
}
