package dev.prescient.predictor.serving;

import dev.prescient.common.forecast.artifact.ArtifactChecksums;
import dev.prescient.common.forecast.artifact.ModelArtifacts;
import dev.prescient.common.forecast.artifact.ModelLoadException;
import dev.prescient.common.policy.Sizing;
import dev.prescient.common.policy.SizingJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The learnt sizing of a model version: {@code sizing.json} in its artifact directory, served with every forecast of
 * that version. A version without the file has no sizing; a file that {@code checksums.sha256} does not cover, whose
 * bytes differ from their checksum, or that is not a sizing document this build reads refuses the whole version.
 */
final class SizingFile {

    static final String FILE = "sizing.json";

    private SizingFile() {
    }

    /**
     * @throws ModelLoadException naming the directory and the problem when the file is present but unusable
     */
    static Optional<Sizing> read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw refused(dir, "is unreadable: " + e, e);
        }
        String expected = checksums(dir).get(FILE);
        if (expected == null) {
            throw refused(dir, "is not covered by " + ArtifactChecksums.FILE
                    + "; the artifact was altered after it was sealed, train or save the model again", null);
        }
        if (!expected.equalsIgnoreCase(ModelArtifacts.sha256(bytes))) {
            throw refused(dir, "does not match its SHA-256 in " + ArtifactChecksums.FILE
                    + "; the file is corrupt, train or save the model again", null);
        }
        try {
            return Optional.of(SizingJson.read(new String(bytes, StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException e) {
            throw refused(dir, "is not a sizing this build reads: " + e.getMessage(), e);
        }
    }

    /** The checksum list, empty when the artifact has none (a format-1 artifact covers no sizing). */
    private static Map<String, String> checksums(Path dir) {
        Path list = dir.resolve(ArtifactChecksums.FILE);
        if (!Files.exists(list)) {
            return Map.of();
        }
        try {
            return ArtifactChecksums.parse(Files.readString(list, StandardCharsets.UTF_8), list.toString());
        } catch (IOException e) {
            throw refused(dir, "cannot be checked: " + list + " is unreadable: " + e, e);
        }
    }

    private static ModelLoadException refused(Path dir, String problem, Throwable cause) {
        String message = "cannot load model from " + dir + ": " + FILE + " " + problem;
        return cause == null ? new ModelLoadException(message) : new ModelLoadException(message, cause);
    }
}
