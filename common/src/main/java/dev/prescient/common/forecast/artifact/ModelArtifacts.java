package dev.prescient.common.forecast.artifact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.prescient.common.forecast.FittedModel;
import dev.prescient.common.forecast.ForecastException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Saves a model as a directory holding its parameter file and {@code manifest.json}, and reads it
 * back, refusing an unknown format version or parameters whose SHA-256 differs from the manifest.
 */
public final class ModelArtifacts {

    public static final String MANIFEST_FILE = "manifest.json";
    public static final String PARAMETERS_FILE = "parameters.bin";

    private static final JsonMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private ModelArtifacts() {
    }

    public static ModelManifest save(FittedModel model, Path dir) {
        return save(model, dir, UnaryOperator.identity(), Clock.systemUTC());
    }

    /**
     * @param annotate adds what the model does not know itself (workload, other forecasters' metrics)
     * @return the manifest as written
     */
    public static ModelManifest save(FittedModel model, Path dir, UnaryOperator<ModelManifest> annotate, Clock clock) {
        if (!(model instanceof PersistableModel persistable)) {
            throw new ForecastException("cannot save a " + model.type() + " model to " + dir
                    + ": it has no trained parameters to store; save only trained forecasters such as lstm");
        }
        try {
            Files.createDirectories(dir);
            String sha256 = writeParameters(persistable, dir.resolve(PARAMETERS_FILE));
            ModelManifest manifest = annotate.apply(persistable.manifest())
                    .withParameters(PARAMETERS_FILE, sha256, clock.instant());
            Files.writeString(dir.resolve(MANIFEST_FILE), JSON.writeValueAsString(manifest));
            return manifest;
        } catch (IOException e) {
            throw new ForecastException("cannot save " + model.type() + " model to " + dir + ": " + e.getMessage()
                    + "; check that the directory is writable", e);
        }
    }

    /** Reads and checks the manifest only. */
    public static ModelManifest readManifest(Path dir) {
        return parseManifest(readTree(dir.resolve(MANIFEST_FILE)), dir.toString());
    }

    /**
     * Parses and checks manifest JSON read from elsewhere (e.g. object storage).
     *
     * @param source where the JSON came from, for error messages
     */
    public static ModelManifest parseManifest(String json, String source) {
        try {
            return parseManifest(JSON.readTree(json), source);
        } catch (JsonProcessingException e) {
            throw new ModelLoadException("cannot load model from " + source + ": " + MANIFEST_FILE
                    + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static ModelManifest parseManifest(JsonNode tree, String dir) {
        JsonNode version = tree.get("formatVersion");
        if (version == null || !version.isInt() || version.intValue() != ModelManifest.FORMAT_VERSION) {
            throw new ModelLoadException("cannot load model from " + dir + ": " + MANIFEST_FILE + " has format version "
                    + version + ", this build reads only version " + ModelManifest.FORMAT_VERSION
                    + "; retrain the model or use a matching release");
        }
        try {
            return JSON.treeToValue(tree, ModelManifest.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new ModelLoadException("cannot load model from " + dir + ": " + MANIFEST_FILE
                    + " is not a valid manifest: " + e.getMessage(), e);
        }
    }

    /** Reads the manifest and the parameters, checking the parameters against the manifest's SHA-256. */
    public static VerifiedArtifact read(Path dir) {
        ModelManifest manifest = readManifest(dir);
        if (manifest.parametersFile() == null || manifest.parametersSha256() == null) {
            throw new ModelLoadException("cannot load model from " + dir + ": " + MANIFEST_FILE
                    + " names no parameter file or SHA-256; the artifact is incomplete, save it again");
        }
        Path file = dir.resolve(manifest.parametersFile()).normalize();
        if (!file.startsWith(dir.normalize())) {
            throw new ModelLoadException("cannot load model from " + dir + ": parameter file '"
                    + manifest.parametersFile() + "' lies outside the directory");
        }
        byte[] bytes = readBytes(dir, file);
        String actual = sha256(bytes);
        if (!actual.equalsIgnoreCase(manifest.parametersSha256())) {
            throw new ModelLoadException("cannot load model from " + dir + ": sha256 mismatch for " + file
                    + ": manifest expects " + manifest.parametersSha256() + ", file has " + actual
                    + "; the file is corrupt or belongs to another model, save the model again");
        }
        return new VerifiedArtifact(dir, manifest, bytes);
    }

    /** Reads, verifies and rebuilds a model with the loader registered for its forecaster type. */
    public static FittedModel load(Path dir, Map<String, ModelLoader> loaders) {
        VerifiedArtifact artifact = read(dir);
        String type = artifact.manifest().forecasterType();
        ModelLoader loader = loaders.get(type);
        if (loader == null) {
            throw new ModelLoadException("cannot load model from " + dir + ": no loader for forecaster type '" + type
                    + "'; known types: " + loaders.keySet());
        }
        return loader.load(artifact);
    }

    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    private static String writeParameters(PersistableModel model, Path file) throws IOException {
        MessageDigest digest = digest();
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), digest)) {
            model.writeParameters(out);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static JsonNode readTree(Path file) {
        try {
            return JSON.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new ModelLoadException("cannot load model: " + file + " does not exist; is this a model directory?", e);
        } catch (IOException e) {
            throw new ModelLoadException("cannot load model: " + file + " is unreadable: " + e.getMessage(), e);
        }
    }

    private static byte[] readBytes(Path dir, Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ModelLoadException("cannot load model from " + dir + ": parameter file " + file
                    + " is unreadable: " + e, e);
        }
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
