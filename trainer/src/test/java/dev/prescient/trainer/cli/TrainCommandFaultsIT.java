package dev.prescient.trainer.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.prescient.common.registry.LeaseLock;
import dev.prescient.common.registry.RegistryException;
import dev.prescient.common.registry.RegistrySettings;
import dev.prescient.common.registry.S3ModelRegistry;
import dev.prescient.common.testing.PrometheusServer;
import dev.prescient.common.testing.S3MockServer;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.InvalidResponseException;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train} when things go wrong around it, against a real Prometheus and S3Mock: an overlapping
 * run trying to take the lock during a training longer than the lease, a lock taken away mid-training,
 * and an upload cut off before the manifest (WireMock in front of S3Mock, resetting that one request).
 * The lock tests train fully, so that training lasts several short leases; the upload test trains one epoch.
 */
class TrainCommandFaultsIT {

    static final String BUCKET = TrainCommandIT.BUCKET;

    private static PrometheusServer prometheus;
    private static S3MockServer s3;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static MinioClient raw;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startServers() throws Exception {
        prometheus = TrainCommandIT.startPrometheus();
        s3 = S3MockServer.start();
        raw = MinioClient.builder().endpoint(s3.endpoint().toString()).credentials("test", "test").build();
    }

    @AfterAll
    static void stopServers() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void renewsItsLockSoAnOverlappingRunNeverTakesTheWorkloadDuringATrainingLongerThanTheLease() throws Exception {
        Path config = config("renewed");
        // a 3 s lease, renewed every second: a full training (about 5 s on an idle two-core machine, with early
        // stopping) outlasts it, which a 6 s lease did only on slower machines
        CompletableFuture<TrainRun> training = CompletableFuture.supplyAsync(() -> fullTraining(config,
                "--lock-lease", "3s", "--lock-owner", "long-run"));
        awaitLock("renewed");
        OverlappingRun other = new OverlappingRun(new LeaseLock(settings(), Clock.systemUTC()),
                TrainCommandFaultsIT::readIfPresent, "trace/renewed", "long-run", Duration.ofSeconds(3));
        while (!training.isDone()) {
            other.tryToTakeOver(training);
            Thread.sleep(250);
        }
        TrainRun run = training.get();

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(other.heldPastItsFirstLease).as("the run held its lock past its first lease, or this proves "
                + "nothing").isTrue();
        assertThat(other.refused).as("the other run kept trying while this one trained").isGreaterThan(10);
        assertThat(other.violations).isEmpty();
        assertThat(other.storeErrors).as("only attempts racing the final release may fail")
                .hasSizeLessThanOrEqualTo(3);
        JsonNode result = run.result();
        assertThat(result.get("ok").asBoolean()).as(run.out()).isTrue();
        assertThat(result.get("outcome").asText()).isIn("promoted", "refused");
        assertThat(objectsUnder("models/locks/trace/renewed")).as("released after the run").isEmpty();
    }

    @Test
    void aRunWhoseLockIsTakenAwayDuringTrainingStoresAndPromotesNothing() throws Exception {
        Path config = config("intruded");
        String lockKey = "models/locks/trace/intruded.lock";
        String intruder = "{\"owner\":\"intruder\",\"acquiredAt\":\"" + Instant.now() + "\",\"expiresAt\":\""
                + Instant.now().plus(Duration.ofHours(1)) + "\"}";

        CompletableFuture<TrainRun> training = CompletableFuture.supplyAsync(() -> fullTraining(config,
                "--lock-lease", "3s", "--lock-owner", "robbed-run"));
        awaitLock("intruded");
        awaitRenewal(lockKey);
        byte[] body = intruder.getBytes(StandardCharsets.UTF_8);
        raw.putObject(PutObjectArgs.builder().bucket(BUCKET).object(lockKey)
                .stream(new ByteArrayInputStream(body), body.length, -1).build());
        TrainRun run = training.get(5, TimeUnit.MINUTES);

        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
        JsonNode result = run.result();
        assertThat(result.get("outcome").asText()).as(run.out()).isEqualTo("lock-lost");
        assertThat(result.get("ok").asBoolean()).isFalse();
        assertThat(result.get("promoted").asBoolean()).isFalse();
        assertThat(result.get("error").asText()).startsWith("cannot train trace/intruded: lost the training lock of "
                + "trace/intruded held by robbed-run: another run (intruder) holds it until ")
                .endsWith("; nothing was stored");
        assertThat(registry(s3.endpoint().toString()).list("trace/intruded")).isEmpty();
        assertThat(read(lockKey)).as("the other run's lock is left alone").isEqualTo(intruder);
        assertThat(run.logs()).singleElement().satisfies(log -> assertThat(log)
                .containsEntry("workload", "trace/intruded").containsEntry("outcome", "lock-lost"));
    }

    @Test
    void anUploadCutOffBeforeTheManifestFailsNamingTheEndpointAndLeavesNoVersion() throws Exception {
        WireMockServer proxy = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1")
                .dynamicPort());
        proxy.start();
        try {
            proxy.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(s3.endpoint().toString())));
            proxy.stubFor(put(urlPathMatching(".*/manifest\\.json")).atPriority(1)
                    .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
            String endpoint = "http://127.0.0.1:" + proxy.port();

            TrainRun run = train(config("halfway"), endpoint);

            assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
            JsonNode result = run.result();
            assertThat(result.get("outcome").asText()).as(run.out()).isEqualTo("failed");
            assertThat(result.get("version").isNull()).isTrue();
            assertThat(result.get("error").asText()).matches("cannot train trace/halfway: cannot upload s3://" + BUCKET
                    + "/models/trace/halfway/v\\d{8}-\\d{6}-[0-9a-f]{6}/manifest\\.json at \\Q" + endpoint
                    + "\\E: .*; check that the S3 endpoint is reachable and its URL is right");
        } finally {
            proxy.stop();
        }
        assertThat(registry(s3.endpoint().toString()).list("trace/halfway")).isEmpty();
        assertThat(registry(s3.endpoint().toString()).production("trace/halfway")).isEmpty();
        assertThat(objectsUnder("models/trace/halfway/")).as("the parameters written before are removed").isEmpty();
        assertThat(objectsUnder("models/locks/trace/halfway")).as("the lock is released").isEmpty();
    }

    private TrainRun train(Path config, String s3Endpoint, String... more) {
        List<String> args = new ArrayList<>(List.of("--config", config.toString(), "--end",
                TrainCommandIT.END.toString(), "--prometheus-url", prometheus.url().toString(), "--s3-endpoint",
                s3Endpoint, "--s3-bucket", BUCKET, "--max-epochs", "1"));
        args.addAll(List.of(more));
        return TrainRun.of(args.toArray(String[]::new));
    }

    /** All epochs (up to 60 with early stopping): many seconds, longer than the short leases these tests use. */
    private TrainRun fullTraining(Path config, String... more) {
        List<String> args = new ArrayList<>(List.of("--config", config.toString(), "--end",
                TrainCommandIT.END.toString(), "--prometheus-url", prometheus.url().toString(), "--s3-endpoint",
                s3.endpoint().toString(), "--s3-bucket", BUCKET));
        args.addAll(List.of(more));
        return TrainRun.of(args.toArray(String[]::new));
    }

    private Path config(String name) throws Exception {
        return Files.writeString(tmp.resolve(name + ".yaml"), "workloads:\n"
                + TrainCommandIT.workload("trace", name, TrainCommandIT.TWITTER_QUERY));
    }

    /** Waits until the run under test holds the workload's lock. */
    private static void awaitLock(String name) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (Instant.now().isBefore(deadline)) {
            try {
                raw.statObject(StatObjectArgs.builder().bucket(BUCKET).object("models/locks/trace/" + name + ".lock")
                        .build());
                return;
            } catch (ErrorResponseException notYet) {
                Thread.sleep(20);
            }
        }
        throw new AssertionError("the run never took the lock of trace/" + name);
    }

    /** Waits until the lock's expiry moved: the run holds it (read back) and its keeper renews it. */
    private static void awaitRenewal(String key) throws Exception {
        String first = read(key);
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (Instant.now().isBefore(deadline)) {
            if (!read(key).equals(first)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the lock " + key + " was never renewed: " + first);
    }

    private static List<String> objectsUnder(String prefix) throws Exception {
        List<String> names = new ArrayList<>();
        for (Result<Item> item : raw.listObjects(ListObjectsArgs.builder().bucket(BUCKET).prefix(prefix)
                .recursive(true).includeVersions(true).build())) {
            names.add(item.get().objectName());
        }
        return names;
    }

    static java.util.Optional<String> readIfPresent(String key) throws Exception {
        try {
            return java.util.Optional.of(read(key));
        } catch (ErrorResponseException e) {
            return java.util.Optional.empty();
        }
    }

    private static String read(String key) throws Exception {
        try (InputStream in = raw.getObject(GetObjectArgs.builder().bucket(BUCKET).object(key).build())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static S3ModelRegistry registry(String endpoint) {
        return new S3ModelRegistry(settings(endpoint));
    }

    private static RegistrySettings settings() {
        return settings(s3.endpoint().toString());
    }

    private static RegistrySettings settings(String endpoint) {
        return new RegistrySettings(java.net.URI.create(endpoint), BUCKET, "models", "test", "secret", null, null);
    }
}
