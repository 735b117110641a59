package dev.prescient.common.registry;

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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * {@link ModelRegistry} in any S3 API store (MinIO, AWS S3, ...) using plain object calls only.
 * A version is {@code parameters.bin} plus {@code manifest.json} under
 * {@code <prefix>/<namespace>/<workload>/<version>/}; the manifest is written last and carries the
 * stage tags, so a version exists only once its manifest does.
 */
public final class S3ModelRegistry implements ModelRegistry {

    private static final Logger LOG = Logger.getLogger(S3ModelRegistry.class);
    private static final Comparator<ModelVersion> PROMOTED_LAST = Comparator
            .comparing((ModelVersion v) -> v.promotedAt().orElse(Instant.EPOCH))
            .thenComparing(ModelVersion::version);

    private final S3Store store;
    private final RegistryKeys keys;
    private final Clock clock;

    public S3ModelRegistry(RegistrySettings settings) {
        this(settings, Clock.systemUTC());
    }

    public S3ModelRegistry(RegistrySettings settings, Clock clock) {
        this.store = new S3Store(settings);
        this.keys = new RegistryKeys(settings.prefix());
        this.clock = clock;
    }

    @Override
    public String upload(String workloadKey, Path artifactDir) {
        RegistryKeys.checkWorkload(workloadKey);
        ModelManifest manifest = readLocal(workloadKey, artifactDir).manifest();
        Instant created = manifest.createdAt() != null ? manifest.createdAt() : clock.instant();
        String version = RegistryKeys.versionId(created, manifest.parametersSha256());
        store.ensureBucket();
        String manifestKey = keys.manifest(workloadKey, version);
        if (store.exists(manifestKey)) {
            throw new RegistryException("cannot upload " + artifactDir + " as " + workloadKey + " " + version + ": "
                    + store.location(manifestKey)
                    + " already exists; versions are immutable, upload a newly trained artifact instead");
        }
        store.put(keys.parameters(workloadKey, version), bytes(artifactDir.resolve(ModelArtifacts.PARAMETERS_FILE)),
                Map.of());
        try {
            store.put(manifestKey, bytes(artifactDir.resolve(ModelArtifacts.MANIFEST_FILE)),
                    RegistryTags.initial(Stage.CANDIDATE, "uploaded"));
        } catch (RegistryException e) {
            removeHalfUpload(workloadKey, version);
            throw e;
        }
        LOG.infof("uploaded model %s %s (%s) as candidate", workloadKey, version, manifest.forecasterType());
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
        return production(list(workloadKey));
    }

    @Override
    public VerifiedArtifact download(String workloadKey, String version, Path dir) {
        requireVersion(workloadKey, version);
        byte[] manifest = store.get(keys.manifest(workloadKey, version));
        byte[] parameters = store.get(keys.parameters(workloadKey, version));
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve(ModelArtifacts.PARAMETERS_FILE), parameters);
            Files.write(dir.resolve(ModelArtifacts.MANIFEST_FILE), manifest);
            return ModelArtifacts.read(dir);
        } catch (IOException e) {
            throw new RegistryException("cannot download " + workloadKey + " " + version + " into " + dir + ": "
                    + e.getMessage() + "; check that the directory is writable", e);
        } catch (ModelLoadException e) {
            throw new RegistryException("cannot download " + workloadKey + " " + version + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void setStage(String workloadKey, String version, Stage stage, String reason) {
        requireVersion(workloadKey, version);
        String key = keys.manifest(workloadKey, version);
        store.setTags(key, RegistryTags.transition(store.tags(key), stage, reason, clock.instant(), key));
        LOG.infof("model %s %s is now %s: %s", workloadKey, version, stage.tag(), reason);
    }

    @Override
    public void promote(String workloadKey, String version, String reason) {
        setStage(workloadKey, version, Stage.PRODUCTION, reason);
        for (ModelVersion other : list(workloadKey)) {
            if (other.stage() == Stage.PRODUCTION && !other.version().equals(version)) {
                setStage(workloadKey, other.version(), Stage.ARCHIVED, "replaced by " + version + ": " + reason);
            }
        }
    }

    @Override
    public ModelVersion rollback(String workloadKey, String reason) {
        List<ModelVersion> versions = list(workloadKey);
        ModelVersion current = production(versions).orElseThrow(() -> new RegistryException("cannot roll back "
                + workloadKey + ": no version is in production; promote one instead"));
        ModelVersion previous = versions.stream()
                .filter(v -> v.stage() == Stage.ARCHIVED && v.promotedAt().isPresent())
                .max(Comparator.comparing((ModelVersion v) -> v.archivedAt().orElse(Instant.EPOCH))
                        .thenComparing(ModelVersion::version))
                .orElseThrow(() -> new RegistryException("cannot roll back " + workloadKey + " from "
                        + current.version() + ": no earlier version was ever in production"));
        promote(workloadKey, previous.version(), "rollback from " + current.version() + ": " + reason);
        return read(workloadKey, previous.version());
    }

    @Override
    public List<String> prune(String workloadKey, int keepNewest, Duration keepProductionWithin, boolean dryRun) {
        if (keepNewest < 0 || keepProductionWithin.isNegative()) {
            throw new RegistryException("cannot prune " + workloadKey + ": keep-newest " + keepNewest
                    + " and keep-production-within " + keepProductionWithin + " must not be negative");
        }
        List<ModelVersion> versions = list(workloadKey);
        Instant cutoff = clock.instant().minus(keepProductionWithin);
        List<String> doomed = new ArrayList<>();
        for (int i = keepNewest; i < versions.size(); i++) {
            ModelVersion v = versions.get(i);
            boolean recentProduction = v.stage() == Stage.PRODUCTION
                    || v.promotedAt().filter(t -> t.isAfter(cutoff)).isPresent()
                    || v.archivedAt().filter(t -> t.isAfter(cutoff)).isPresent();
            if (!recentProduction) {
                doomed.add(v.version());
            }
        }
        if (!dryRun) {
            for (String version : doomed) {
                store.deleteAllVersions(keys.manifest(workloadKey, version));
                store.deleteAllVersions(keys.versionDir(workloadKey, version));
                LOG.infof("pruned model %s %s", workloadKey, version);
            }
        }
        return doomed;
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

    private static Optional<ModelVersion> production(List<ModelVersion> versions) {
        return versions.stream().filter(v -> v.stage() == Stage.PRODUCTION).max(PROMOTED_LAST);
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
        if (!ModelArtifacts.PARAMETERS_FILE.equals(manifest.parametersFile())
                || (manifest.workload() != null && !manifest.workload().equals(workloadKey))) {
            throw new RegistryException("cannot upload " + dir + " as " + workloadKey + ": its manifest names workload "
                    + manifest.workload() + " and parameter file " + manifest.parametersFile() + "; expected "
                    + workloadKey + " and " + ModelArtifacts.PARAMETERS_FILE);
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
