package dev.prescient.common.forecast.artifact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.prescient.common.forecast.FittedModel;
import dev.prescient.common.forecast.ForecastException;
import dev.prescient.common.policy.Sizing;
import dev.prescient.common.policy.SizingJson;
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
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/**
 * Saves a model as a directory holding its parameter file, {@code manifest.json}, the learnt
 * {@code sizing.json} when the trainer adds one ({@link #addSizing}), and {@code checksums.sha256} over
 * all of them ({@link ArtifactChecksums}), and reads it back, refusing an unknown
 * format version or any file whose SHA-256 differs from the checksum file (the manifest included) or
 * whose parameters differ from the manifest's SHA-256.
 *
 * <p>A format-1 directory (written before the checksum file existed) is still read: its parameters are
 * checked against the manifest, its manifest cannot be, and a warning says so. A format-2 directory
 * without its checksum file is refused.
 */
public final class ModelArtifacts {

    public static final String MANIFEST_FILE = "manifest.json";
    public static final String PARAMETERS_FILE = "parameters.bin";
    /** The learnt sizing of a version ({@link SizingJson}); absent in versions trained before sizing was learnt. */
    public static final String SIZING_FILE = "sizing.json";

    private static final Logger LOG = Logger.getLogger(ModelArtifacts.class);

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
            ArtifactChecksums.write(dir);
            return manifest;
        } catch (IOException e) {
            throw new ForecastException("cannot save " + model.type() + " model to " + dir + ": " + e.getMessage()
                    + "; check that the directory is writable", e);
        }
    }

    /**
     * (Re)writes {@code checksums.sha256} over every file now in {@code dir}. {@link #save} seals; a caller
     * that adds a file to a saved artifact (e.g. a learnt sizing) seals again so the file is covered.
     *
     * @return file name → SHA-256 of every covered file
     */
    public static Map<String, String> seal(Path dir) {
        try {
            return ArtifactChecksums.write(dir);
        } catch (IOException e) {
            throw new ForecastException("cannot write " + ArtifactChecksums.FILE + " in " + dir + ": "
                    + e.getMessage() + "; check that the directory is writable", e);
        }
    }

    /**
     * Writes {@value #SIZING_FILE} into a saved artifact and seals it again, so the version's checksums cover it.
     *
     * @return file name → SHA-256 of every covered file
     */
    public static Map<String, String> addSizing(Path dir, Sizing sizing) {
        try {
            Files.writeString(dir.resolve(SIZING_FILE), SizingJson.write(sizing));
        } catch (IOException e) {
            throw new ForecastException("cannot write " + SIZING_FILE + " in " + dir + ": " + e.getMessage()
                    + "; check that the directory is writable", e);
        }
        return seal(dir);
    }

    /**
     * The learnt sizing of an artifact, checked against {@code checksums.sha256} before it is parsed; empty when the
     * version has none (trained before sizing was learnt, or the trainer could not learn one).
     *
     * @throws ModelLoadException naming the directory and the file when {@value #SIZING_FILE} is present but not
     *     listed in the checksums, differs from its checksum, or is not a valid sizing document
     */
    public static Optional<Sizing> sizing(Path dir) {
        Path file = dir.resolve(SIZING_FILE);
        String sha256 = ArtifactChecksums.read(dir).map(sums -> sums.get(SIZING_FILE)).orElse(null);
        if (sha256 == null) {
            if (Files.exists(file)) {
                throw new ModelLoadException("cannot load the sizing from " + dir + ": " + file + " is not listed in "
                        + ArtifactChecksums.FILE + "; the file was added after the model was saved, save it again");
            }
            return Optional.empty();
        }
        ArtifactChecksums.verify(dir, Map.of(SIZING_FILE, sha256));
        try {
            return Optional.of(SizingJson.read(Files.readString(file)));
        } catch (IOException e) {
            throw new ModelLoadException("cannot load the sizing from " + dir + ": " + file + " is unreadable: "
                    + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException("cannot load the sizing from " + dir + ": " + file + " is not a valid sizing: "
                    + e.getMessage() + "; train the workload again", e);
        }
    }

    /** Reads and checks the manifest only (its checksum is checked by {@link #read}). */
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
        if (version == null || !version.isInt() || version.intValue() < ModelManifest.LEGACY_FORMAT_VERSION
                || version.intValue() > ModelManifest.FORMAT_VERSION) {
            throw new ModelLoadException("cannot load model from " + dir + ": " + MANIFEST_FILE + " has format version "
                    + version + ", this build reads versions " + ModelManifest.LEGACY_FORMAT_VERSION + " to "
                    + ModelManifest.FORMAT_VERSION + "; retrain the model or use a matching release");
        }
        try {
            return JSON.treeToValue(tree, ModelManifest.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new ModelLoadException("cannot load model from " + dir + ": " + MANIFEST_FILE
                    + " is not a valid manifest: " + e.getMessage(), e);
        }
    }

    /**
     * Reads and verifies an artifact: every file listed in {@code checksums.sha256} against its checksum
     * (before the manifest is trusted), that list covering the manifest and the parameter file, and the
     * parameters against the manifest's SHA-256. A format-1 artifact has no checksum file: it is read with
     * a warning that its manifest is unverified.
     */
    public static VerifiedArtifact read(Path dir) {
        Optional<Map<String, String>> checksums = ArtifactChecksums.read(dir);
        checksums.ifPresent(sums -> ArtifactChecksums.verify(dir, sums));
        ModelManifest manifest = readManifest(dir);
        if (checksums.isPresent()) {
            requireCovered(dir, checksums.get(), MANIFEST_FILE);
            requireCovered(dir, checksums.get(), manifest.parametersFile());
        } else if (manifest.formatVersion() >= ModelManifest.FORMAT_VERSION) {
            throw new ModelLoadException("cannot load model from " + dir + ": " + ArtifactChecksums.FILE
                    + " is missing but " + MANIFEST_FILE + " has format version " + manifest.formatVersion()
                    + ", which requires it; the artifact is incomplete or was altered, save the model again");
        } else {
            LOG.warnf("model in %s has format version %d and no %s: its %s is not verified, only its parameters;"
                    + " re-train the workload to replace it", dir, manifest.formatVersion(), ArtifactChecksums.FILE,
                    MANIFEST_FILE);
        }
        return new VerifiedArtifact(dir, manifest, parameters(dir, manifest), checksums.orElse(Map.of()));
    }

    private static void requireCovered(Path dir, Map<String, String> checksums, String file) {
        if (file != null && !checksums.containsKey(file)) {
            throw new ModelLoadException("cannot load model from " + dir + ": " + ArtifactChecksums.FILE
                    + " does not list " + file + " (it lists " + checksums.keySet()
                    + "); the artifact is incomplete or was altered, save the model again");
        }
    }

    /** The parameter file named by the manifest, checked against the manifest's SHA-256. */
    private static byte[] parameters(Path dir, ModelManifest manifest) {
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
        return bytes;
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
