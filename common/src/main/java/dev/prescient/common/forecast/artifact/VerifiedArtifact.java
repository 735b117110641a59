package dev.prescient.common.forecast.artifact;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * An artifact whose files matched their checksums, with its manifest and parameters.
 *
 * @param directory where it was read from
 * @param manifest the manifest
 * @param parameters the parameter file's bytes
 * @param checksums file name → SHA-256 of every file {@code checksums.sha256} covers ({@code manifest.json}
 *                  included); empty for a format-1 artifact, which has no checksum file and whose manifest
 *                  was therefore not verified
 */
public record VerifiedArtifact(Path directory, ModelManifest manifest, byte[] parameters,
                               Map<String, String> checksums) {

    public VerifiedArtifact {
        parameters = parameters.clone();
        checksums = Map.copyOf(checksums);
    }

    /** True if {@code checksums.sha256} covered every file, the manifest included. */
    public boolean manifestVerified() {
        return checksums.containsKey(ModelArtifacts.MANIFEST_FILE);
    }

    /** The covered file names in order. */
    public java.util.SortedSet<String> files() {
        return new TreeMap<>(checksums).navigableKeySet();
    }

    @Override
    public byte[] parameters() {
        return parameters.clone();
    }

    public java.io.InputStream openParameters() {
        return new java.io.ByteArrayInputStream(parameters);
    }
}
