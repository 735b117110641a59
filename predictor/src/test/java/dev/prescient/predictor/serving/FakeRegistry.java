package dev.prescient.predictor.serving;

import dev.prescient.common.forecast.artifact.ModelArtifacts;
import dev.prescient.common.forecast.artifact.ModelLoadException;
import dev.prescient.common.forecast.artifact.VerifiedArtifact;
import dev.prescient.common.registry.ModelRegistry;
import dev.prescient.common.registry.ModelVersion;
import dev.prescient.common.registry.RegistryException;
import dev.prescient.common.registry.Stage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory registry over artifact directories: download copies the files and verifies them as
 * {@code S3ModelRegistry} does; {@link #down} makes every call fail like an unreachable store.
 */
final class FakeRegistry implements ModelRegistry {

    private final Map<String, Path> artifacts = new ConcurrentHashMap<>();
    private final Map<String, String> production = new ConcurrentHashMap<>();
    final List<String> downloads = new CopyOnWriteArrayList<>();
    volatile boolean down;
    /** Thrown by every production check while set. */
    volatile Error error;
    /** Thrown by the production checks of one workload. */
    final Map<String, Error> errors = new ConcurrentHashMap<>();
    /** While set, production checks wait for it. */
    volatile CountDownLatch hold;
    private final Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();

    /** Production checks of {@code workload} so far. */
    int asked(String workload) {
        return asked.computeIfAbsent(workload, w -> new AtomicInteger()).get();
    }

    void add(String workload, String version, Path artifactDir) {
        artifacts.put(workload + " " + version, artifactDir);
    }

    @Override
    public Optional<ModelVersion> production(String workload) {
        asked.computeIfAbsent(workload, w -> new AtomicInteger()).incrementAndGet();
        CountDownLatch waiting = hold;
        if (waiting != null) {
            try {
                waiting.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Error failure = errors.getOrDefault(workload, error);
        if (failure != null) {
            throw failure;
        }
        check();
        return Optional.ofNullable(production.get(workload)).map(v -> new ModelVersion(v, Stage.PRODUCTION,
                Instant.EPOCH, ModelArtifacts.readManifest(artifacts.get(workload + " " + v)), "", Optional.empty(),
                Optional.empty()));
    }

    @Override
    public VerifiedArtifact download(String workload, String version, Path dir) {
        check();
        downloads.add(workload + " " + version);
        Path source = artifacts.get(workload + " " + version);
        try {
            Files.createDirectories(dir);
            try (var files = Files.list(source)) {
                for (Path file : files.toList()) {
                    Files.copy(file, dir.resolve(file.getFileName().toString()));
                }
            }
            return ModelArtifacts.read(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ModelLoadException e) {
            throw new RegistryException("cannot download " + workload + " " + version + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void promote(String workload, String version, String reason) {
        production.put(workload, version);
    }

    void archiveAll(String workload) {
        production.remove(workload);
    }

    private void check() {
        if (down) {
            throw new RegistryException("cannot reach http://s3.test:9000: connection refused");
        }
    }

    @Override
    public String upload(String workloadKey, Path artifactDir) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<ModelVersion> list(String workloadKey) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void setStage(String workloadKey, String version, Stage stage, String reason) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ModelVersion rollback(String workloadKey, String reason) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<String> prune(String workloadKey, int keepNewest, Duration keepProductionWithin, boolean dryRun) {
        throw new UnsupportedOperationException();
    }
}
