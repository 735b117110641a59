package dev.prescient.common.registry;

import dev.prescient.common.forecast.artifact.ArtifactChecksums;
import dev.prescient.common.forecast.artifact.ModelArtifacts;
import dev.prescient.common.forecast.artifact.ModelLoadException;
import dev.prescient.common.forecast.artifact.ModelManifest;
import dev.prescient.common.forecast.artifact.VerifiedArtifact;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * {@link ModelRegistry} in any S3 API store (MinIO, AWS S3, ...) using plain object calls only.
 * A version is the files of its artifact directory ({@code parameters.bin}, {@code checksums.sha256}
 * over every file, {@code manifest.json}) under {@code <prefix>/<namespace>/<workload>/<version>/};
 * the manifest is written last and carries the stage tags, so a version exists only once its manifest
 * does. Promotion is in {@link Promotion}; which versions prune deletes in {@link PrunePlan}.
 */
public final class S3ModelRegistry implements ModelRegistry {

    private static final Logger LOG = Logger.getLogger(S3ModelRegistry.class);

    private final S3Store store;
    private final RegistryKeys keys;
    private final Clock clock;
    private final Promotion promotion;

    public S3ModelRegistry(RegistrySettings settings) {
        this(settings, Clock.systemUTC());
    }

    public S3ModelRegistry(RegistrySettings settings, Clock clock) {
        this.store = new S3Store(settings);
        this.keys = new RegistryKeys(settings.prefix());
        this.clock = clock;
        this.promotion = new Promotion(store, keys, clock, this::list);
    }

    /**
     * Uploads every file the artifact's {@code checksums.sha256} covers, then the checksum file, then the
     * manifest with its stage tags. An artifact without a checksum file (format 1) is refused.
     */
    @Override
    public String upload(String workloadKey, Path artifactDir) {
        RegistryKeys.checkWorkload(workloadKey);
        VerifiedArtifact artifact = readLocal(workloadKey, artifactDir);
        ModelManifest manifest = artifact.manifest();
        Instant created = manifest.createdAt() != null ? manifest.createdAt() : clock.instant();
        String version = RegistryKeys.versionId(created, manifest.parametersSha256());
        store.ensureBucket();
        String manifestKey = keys.manifest(workloadKey, version);
        if (store.exists(manifestKey)) {
            throw new RegistryException("cannot upload " + artifactDir + " as " + workloadKey + " " + version + ": "
                    + store.location(manifestKey)
                    + " already exists; versions are immutable, upload a newly trained artifact instead");
        }
        try {
            for (String file : artifact.files()) {
                if (!file.equals(ModelArtifacts.MANIFEST_FILE)) {
                    store.put(keys.file(workloadKey, version, file), bytes(artifactDir.resolve(file)), Map.of());
                }
            }
            store.put(keys.file(workloadKey, version, ArtifactChecksums.FILE),
                    ArtifactChecksums.format(artifact.checksums()).getBytes(StandardCharsets.UTF_8), Map.of());
            store.put(manifestKey, bytes(artifactDir.resolve(ModelArtifacts.MANIFEST_FILE)),
                    RegistryTags.initial(Stage.CANDIDATE, "uploaded"));
        } catch (RegistryException e) {
            removeHalfUpload(workloadKey, version);
            throw e;
        }
        LOG.infof("uploaded model %s %s (%s, files %s) as candidate", workloadKey, version, manifest.forecasterType(),
                artifact.files());
        return version;
    }

    @Override
    public List<ModelVersion> list(String workloadKey) {
        RegistryKeys.checkWorkload(workloadKey);
        List<ModelVersion> versions = new ArrayList<>();
        for (String key : store.keys(keys.workloadDir(workloadKey))) {
            String version = keys.versionOfManifest(workloadKey, key);
            if (version != null) {
                versions.add(read(workloadKey, version));
            }
        }
        versions.sort(Comparator.comparing(ModelVersion::version).reversed());
        return versions;
    }

    @Override
    public Optional<ModelVersion> production(String workloadKey) {
        return VersionHistory.production(list(workloadKey));
    }

    /**
     * Downloads the files {@code checksums.sha256} lists (a version without one: the format-1 pair of
     * manifest and parameters) and verifies them with {@link ModelArtifacts#read}.
     */
    @Override
    public VerifiedArtifact download(String workloadKey, String version, Path dir) {
        requireVersion(workloadKey, version);
        Map<String, byte[]> files = new LinkedHashMap<>();
        String checksumsKey = keys.file(workloadKey, version, ArtifactChecksums.FILE);
        Optional<byte[]> checksums = store.find(checksumsKey).map(S3Store.Stored::bytes);
        try {
            if (checksums.isPresent()) {
                String text = new String(checksums.get(), StandardCharsets.UTF_8);
                for (String file : ArtifactChecksums.parse(text, store.location(checksumsKey)).keySet()) {
                    files.put(file, store.get(keys.file(workloadKey, version, file)));
                }
                files.put(ArtifactChecksums.FILE, checksums.get());
            } else {
                files.put(ModelArtifacts.PARAMETERS_FILE, store.get(keys.file(workloadKey, version,
                        ModelArtifacts.PARAMETERS_FILE)));
            }
            files.computeIfAbsent(ModelArtifacts.MANIFEST_FILE, f -> store.get(keys.manifest(workloadKey, version)));
            Files.createDirectories(dir);
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Files.write(dir.resolve(file.getKey()), file.getValue());
            }
            return ModelArtifacts.read(dir);
        } catch (IOException e) {
            throw new RegistryException("cannot download " + workloadKey + " " + version + " into " + dir + ": "
                    + e.getMessage() + "; check that the directory is writable", e);
        } catch (ModelLoadException e) {
            throw new RegistryException("cannot download " + workloadKey + " " + version + ": " + e.getMessage(), e);
        }
    }

    /** Low level: sets the tag alone, touching no other version; {@link #promote} is how to make production. */
    @Override
    public void setStage(String workloadKey, String version, Stage stage, String reason) {
        requireVersion(workloadKey, version);
        String key = keys.manifest(workloadKey, version);
        store.setTags(key, RegistryTags.transition(store.tags(key), stage, reason, clock.instant(), key));
        LOG.infof("model %s %s is now %s: %s", workloadKey, version, stage.tag(), reason);
    }

    /** See {@link Promotion}; callers hold the workload's lock ({@link LockedChanges}). */
    @Override
    public void promote(String workloadKey, String version, String reason) {
        requireVersion(workloadKey, version);
        promotion.promote(workloadKey, version, reason);
    }

    @Override
    public ModelVersion rollback(String workloadKey, String reason) {
        List<ModelVersion> versions = list(workloadKey);
        ModelVersion current = VersionHistory.production(versions).orElseThrow(() -> new RegistryException(
                "cannot roll back " + workloadKey + ": no version is in production; promote one instead"));
        ModelVersion previous = VersionHistory.previousProduction(versions)
                .orElseThrow(() -> new RegistryException("cannot roll back " + workloadKey + " from "
                        + current.version() + ": no earlier version was ever in production"));
        promote(workloadKey, previous.version(), "rollback from " + current.version() + ": " + reason);
        return read(workloadKey, previous.version());
    }

    /**
     * Deletes what {@link PrunePlan} allows: explicitly archived versions past the newest {@code keepNewest},
     * never production, the rollback target or a version without a stage tag (logged as kept).
     */
    @Override
    public List<String> prune(String workloadKey, int keepNewest, Duration keepProductionWithin, boolean dryRun) {
        if (keepNewest < 0 || keepProductionWithin.isNegative()) {
            throw new RegistryException("cannot prune " + workloadKey + ": keep-newest " + keepNewest
                    + " and keep-production-within " + keepProductionWithin + " must not be negative");
        }
        PrunePlan plan = PrunePlan.of(list(workloadKey), keepNewest, clock.instant().minus(keepProductionWithin));
        for (String version : plan.untagged()) {
            LOG.warnf("not pruning %s %s: its manifest has no stage tag, so whether it serves or served is unknown;"
                    + " tag it stage=archived to let prune delete it", workloadKey, version);
        }
        if (!dryRun) {
            for (String version : plan.doomed()) {
                store.deleteAllVersions(keys.manifest(workloadKey, version));
                store.deleteAllVersions(keys.versionDir(workloadKey, version));
                LOG.infof("pruned model %s %s", workloadKey, version);
            }
        }
        return plan.doomed();
    }

    private ModelVersion read(String workloadKey, String version) {
        String key = keys.manifest(workloadKey, version);
        ModelManifest manifest;
        try {
            manifest = ModelArtifacts.parseManifest(new String(store.get(key), StandardCharsets.UTF_8), key);
        } catch (ModelLoadException e) {
            throw new RegistryException("cannot read " + workloadKey + " " + version + ": " + e.getMessage(), e);
        }
        Map<String, String> tags = store.tags(key);
        Instant created = manifest.createdAt() != null ? manifest.createdAt() : Instant.EPOCH;
        return new ModelVersion(version, RegistryTags.stage(tags, key), created, manifest,
                tags.getOrDefault(RegistryTags.REASON, ""), RegistryTags.instant(tags, RegistryTags.PROMOTED_AT),
                RegistryTags.instant(tags, RegistryTags.ARCHIVED_AT));
    }

    /**
     * Best effort after a failed manifest put: deletes the version's objects. The version was never
     * visible (no manifest); what cannot be deleted now stays as an unlisted orphan.
     */
    private void removeHalfUpload(String workloadKey, String version) {
        try {
            store.deleteAllVersions(keys.versionDir(workloadKey, version));
        } catch (RegistryException cleanup) {
            LOG.warnf("cannot remove the half-uploaded %s %s (it is not listed as a version): %s", workloadKey,
                    version, cleanup.getMessage());
        }
    }

    private void requireVersion(String workloadKey, String version) {
        RegistryKeys.checkWorkload(workloadKey);
        RegistryKeys.checkVersion(version);
        String key = keys.manifest(workloadKey, version);
        if (!store.exists(key)) {
            throw new RegistryException("no model version " + version + " of " + workloadKey + ": "
                    + store.location(key)
                    + " does not exist; list the versions to pick an existing one");
        }
    }

    private VerifiedArtifact readLocal(String workloadKey, Path dir) {
        VerifiedArtifact artifact;
        try {
            artifact = ModelArtifacts.read(dir);
        } catch (ModelLoadException e) {
            throw new RegistryException("cannot upload " + dir + " as " + workloadKey + ": " + e.getMessage(), e);
        }
        ModelManifest manifest = artifact.manifest();
        if (!artifact.manifestVerified()) {
            throw new RegistryException("cannot upload " + dir + " as " + workloadKey + ": it has no "
                    + ArtifactChecksums.FILE + " covering " + ModelArtifacts.MANIFEST_FILE + " (format version "
                    + manifest.formatVersion() + "); save the model again with this release");
        }
        if (manifest.workload() != null && !manifest.workload().equals(workloadKey)) {
            throw new RegistryException("cannot upload " + dir + " as " + workloadKey + ": its manifest names workload "
                    + manifest.workload() + "; upload it as that workload or train it for " + workloadKey);
        }
        return artifact;
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new RegistryException("cannot read " + file + " for upload: " + e.getMessage(), e);
        }
    }
}
