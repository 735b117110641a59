package dev.prescient.predictor.serving;

import dev.prescient.common.forecast.artifact.ModelArtifacts;
import dev.prescient.common.forecast.artifact.ModelLoadException;
import dev.prescient.common.forecast.artifact.ModelLoader;
import dev.prescient.common.policy.Sizing;
import dev.prescient.common.registry.ModelRegistry;
import dev.prescient.common.registry.RegistryException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Downloaded models on local disk, so a restart loads them without the registry:
 * {@code <root>/<namespace>/<name>/<version>/} holds the artifact ({@code manifest.json},
 * {@code parameters.bin}, {@code checksums.sha256} and, when learnt, {@code sizing.json}),
 * {@code <root>/<namespace>/<name>/production} the version last served. Every load goes through
 * {@link ModelArtifacts#load}, which checks every file's SHA-256 again, and reads the sizing
 * ({@link SizingFile}): an unusable sizing refuses the version like any other load failure.
 */
public final class ModelCache {

    static final String PIN_FILE = "production";
    private static final Logger LOG = Logger.getLogger(ModelCache.class);
    private static final Pattern VERSION = Pattern.compile("v[0-9A-Za-z-]{1,100}");

    private final Path root;
    private final Map<String, ModelLoader> loaders;

    /**
     * @param root cache directory, created when missing
     * @param loaders per forecaster type, the loader that rebuilds a model from its artifact
     */
    public ModelCache(Path root, Map<String, ModelLoader> loaders) {
        this.root = root;
        this.loaders = Map.copyOf(loaders);
    }

    public Path root() {
        return root;
    }

    /** The version last pinned for {@code workload}, if its directory still exists. */
    public Optional<String> pinned(String workload) {
        Path pin = workloadDir(workload).resolve(PIN_FILE);
        try {
            if (!Files.isRegularFile(pin)) {
                return Optional.empty();
            }
            String version = Files.readString(pin, StandardCharsets.UTF_8).strip();
            return VERSION.matcher(version).matches() && Files.isDirectory(versionDir(workload, version))
                    ? Optional.of(version) : Optional.empty();
        } catch (IOException e) {
            LOG.warnf("cannot read the pinned model version of %s from %s: %s; asking the registry", workload, pin, e);
            return Optional.empty();
        }
    }

    /**
     * Loads a cached version without the registry.
     *
     * @throws ModelLoadException when it is missing, corrupt or of an unknown type, or its sizing is unusable
     */
    public LoadedVersion loadCached(String workload, String version) {
        return load(versionDir(workload, version));
    }

    /**
     * Makes sure a verified copy of {@code version} is on disk, downloading it unless a valid copy is cached, and
     * checks its sizing, without loading the model: what a version needs before it may serve. A copy that fails
     * its checksum is deleted and downloaded again; a download that fails its checksum is deleted and refused.
     *
     * @return the forecaster type its manifest names
     * @throws RegistryException when the download fails or is corrupt
     * @throws ModelLoadException when its sizing is unusable
     */
    public String fetch(ModelRegistry registry, String workload, String version) {
        Path dir = versionDir(workload, version);
        if (Files.isDirectory(dir)) {
            try {
                ModelArtifacts.read(dir);
            } catch (ModelLoadException corrupt) {
                LOG.warnf("cached model %s %s is unusable (%s); downloading it again", workload, version,
                        corrupt.getMessage());
                delete(dir);
            }
        }
        if (!Files.isDirectory(dir)) {
            download(registry, workload, version, dir);
        }
        return verify(dir);
    }

    /**
     * Checks a cached version without the registry or loading the model: checksums, manifest and sizing.
     *
     * @return the forecaster type its manifest names
     * @throws ModelLoadException when it is missing or corrupt, or its sizing is unusable
     */
    public String verifyCached(String workload, String version) {
        return verify(versionDir(workload, version));
    }

    private static String verify(Path dir) {
        SizingFile.read(dir);
        return ModelArtifacts.read(dir).manifest().forecasterType();
    }

    /**
     * Loads {@code version}, downloading it first unless a valid copy is cached ({@link #fetch}).
     *
     * @throws RegistryException when the download fails or is corrupt
     * @throws ModelLoadException when the artifact cannot be rebuilt into a model or its sizing is unusable
     */
    public LoadedVersion fetchAndLoad(ModelRegistry registry, String workload, String version) {
        fetch(registry, workload, version);
        return load(versionDir(workload, version));
    }

    /** The sizing first (a small file, nothing to close), then the model. */
    private LoadedVersion load(Path dir) {
        Optional<Sizing> sizing = SizingFile.read(dir);
        return new LoadedVersion(ModelArtifacts.load(dir, loaders), sizing);
    }

    /** Records {@code version} as the one to load first after a restart. */
    public void pin(String workload, String version) {
        Path dir = workloadDir(workload);
        try {
            Files.createDirectories(dir);
            Path tmp = Files.writeString(dir.resolve(PIN_FILE + ".tmp-" + UUID.randomUUID()), version);
            move(tmp, dir.resolve(PIN_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pin model " + workload + " " + version + " in " + dir
                    + "; check that prescient.predictor.model-cache-dir is writable", e);
        }
    }

    /** Deletes every cached version of {@code workload} except {@code keep}. */
    public void prune(String workload, Set<String> keep) {
        Path dir = workloadDir(workload);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path entry : entries) {
                if (!keep.contains(entry.getFileName().toString())) {
                    delete(entry);
                }
            }
        } catch (IOException e) {
            LOG.warnf("cannot prune cached models of %s in %s: %s", workload, dir, e);
        }
    }

    Path versionDir(String workload, String version) {
        if (!VERSION.matcher(version).matches()) {
            throw new RegistryException("refusing model version '" + version + "' of " + workload
                    + ": not a registry version id");
        }
        return workloadDir(workload).resolve(version);
    }

    private Path workloadDir(String workload) {
        int slash = workload.indexOf('/');
        return root.resolve(workload.substring(0, slash)).resolve(workload.substring(slash + 1));
    }

    private static void download(ModelRegistry registry, String workload, String version, Path dir) {
        Path partial = dir.resolveSibling(version + ".partial-" + UUID.randomUUID());
        try {
            registry.download(workload, version, partial);
            move(partial, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store model " + workload + " " + version + " in " + dir
                    + "; check that prescient.predictor.model-cache-dir is writable", e);
        } finally {
            if (Files.exists(partial)) {
                delete(partial);
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void delete(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warnf("cannot delete %s: %s", dir, e);
        }
    }
}
