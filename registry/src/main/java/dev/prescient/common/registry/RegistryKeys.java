package dev.prescient.common.registry;

import dev.prescient.common.forecast.artifact.ArtifactChecksums;
import dev.prescient.common.forecast.artifact.ModelArtifacts;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * Key layout {@code <prefix>/<namespace>/<workload>/<version>/} and version ids
 * {@code v<yyyyMMdd-HHmmss UTC>-<first 6 hex of the parameters' SHA-256>}, which sort by creation time.
 */
final class RegistryKeys {

    private static final DateTimeFormatter VERSION_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);
    private static final Pattern VERSION = Pattern.compile("v\\d{8}-\\d{6}-[0-9a-f]{6}");
    private static final String NAME = "[a-z0-9]([-a-z0-9.]*[a-z0-9])?";
    private static final Pattern WORKLOAD = Pattern.compile(NAME + "/" + NAME);

    private final String prefix;

    RegistryKeys(String prefix) {
        this.prefix = prefix.isEmpty() ? "" : prefix + "/";
    }

    static String versionId(Instant created, String sha256) {
        return "v" + VERSION_TIME.format(created) + "-" + sha256.substring(0, 6).toLowerCase(java.util.Locale.ROOT);
    }

    static boolean isVersion(String id) {
        return id != null && VERSION.matcher(id).matches();
    }

    static void checkWorkload(String workloadKey) {
        if (workloadKey == null || !WORKLOAD.matcher(workloadKey).matches()) {
            throw new RegistryException("invalid workload key '" + workloadKey
                    + "': expected namespace/name in lower-case Kubernetes name form, e.g. shop/checkout-api");
        }
    }

    static void checkVersion(String version) {
        if (!isVersion(version)) {
            throw new RegistryException("invalid model version '" + version
                    + "': expected v<yyyyMMdd-HHmmss>-<6 hex>, e.g. v20261127-041200-3fa9c2");
        }
    }

    /** {@code <prefix>/locks/<namespace>/<workload>.lock}. */
    String lock(String workloadKey) {
        return prefix + "locks/" + workloadKey + ".lock";
    }

    String workloadDir(String workloadKey) {
        return prefix + workloadKey + "/";
    }

    String versionDir(String workloadKey, String version) {
        return workloadDir(workloadKey) + version + "/";
    }

    String manifest(String workloadKey, String version) {
        return versionDir(workloadKey, version) + ModelArtifacts.MANIFEST_FILE;
    }

    /** A file of a version; {@code name} must be a plain file name (see {@code ArtifactChecksums}). */
    String file(String workloadKey, String version, String name) {
        if (!ArtifactChecksums.isPlainName(name)) {
            throw new RegistryException("invalid artifact file name '" + name + "' for " + workloadKey + " " + version
                    + ": expected a plain file name without directories");
        }
        return versionDir(workloadKey, version) + name;
    }

    /** The version id of a manifest key under {@code workloadDir}, or null if the key is something else. */
    String versionOfManifest(String workloadKey, String key) {
        String dir = workloadDir(workloadKey);
        String suffix = "/" + ModelArtifacts.MANIFEST_FILE;
        if (!key.startsWith(dir) || !key.endsWith(suffix)) {
            return null;
        }
        String version = key.substring(dir.length(), key.length() - suffix.length());
        return isVersion(version) ? version : null;
    }
}
