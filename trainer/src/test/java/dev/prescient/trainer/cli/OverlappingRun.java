package dev.prescient.trainer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prescient.common.registry.LeaseLock;
import dev.prescient.common.registry.RegistryException;
import io.minio.errors.InvalidResponseException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Another trainer run that keeps trying to take a workload's lock, and watches the stored lock: it
 * must never see the holder's lease expired while the holder still has it, nor win while the holder
 * still trains.
 */
final class OverlappingRun {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads an object's body, empty if it does not exist. */
    @FunctionalInterface
    interface ObjectReader {
        Optional<String> readIfPresent(String key) throws Exception;
    }

    final LeaseLock locks;
    final ObjectReader objects;
    final String workload;
    final String holder;
    final Duration lease;
    final List<String> violations = new ArrayList<>();
    final List<String> storeErrors = new ArrayList<>();
    Instant firstExpiry;
    boolean heldPastItsFirstLease;
    int refused;

    OverlappingRun(LeaseLock locks, ObjectReader objects, String workload, String holder, Duration lease) {
        this.locks = locks;
        this.objects = objects;
        this.workload = workload;
        this.holder = holder;
        this.lease = lease;
    }

    void tryToTakeOver(CompletableFuture<TrainRun> training) throws Exception {
        try {
            objects.readIfPresent("models/locks/" + workload + ".lock").ifPresent(this::check);
            LeaseLock.Attempt attempt = locks.tryAcquire(workload, "competitor", lease);
            if (!attempt.acquired()) {
                refused++;
                return;
            }
            locks.release(attempt.lease());
            training.get(10, TimeUnit.SECONDS);
        } catch (InvalidResponseException | RegistryException e) {
            // S3Mock answers 500 to calls racing the run's release of all lock versions
            storeErrors.add(e.getMessage());
        } catch (TimeoutException stillTraining) {
            violations.add("the other run took the lock at " + Instant.now() + " while the holder still trained");
        }
    }

    private void check(String body) {
        JsonNode lock;
        try {
            lock = JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!holder.equals(lock.get("owner").asText())) {
            return;
        }
        Instant expires = Instant.parse(lock.get("expiresAt").asText());
        Instant now = Instant.now();
        firstExpiry = firstExpiry == null ? expires : firstExpiry;
        if (!expires.isAfter(now)) {
            violations.add("the holder's lock expired at " + expires + ", seen at " + now);
        } else if (now.isAfter(firstExpiry)) {
            heldPastItsFirstLease = true;
        }
    }
}
