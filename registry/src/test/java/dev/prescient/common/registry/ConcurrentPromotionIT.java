package dev.prescient.common.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prescient.common.forecast.artifact.ModelArtifacts;
import dev.prescient.common.forecast.artifact.ValidationMetrics;
import dev.prescient.common.testing.S3MockServer;
import dev.prescient.common.testing.StubModel;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two promotions of different versions of one workload at the same time, from two threads with their
 * own clients, against a real S3 API server (S3Mock): with the workload lock ({@link LockedChanges},
 * what {@code models promote} does) and without it (the registry's own ordering).
 */
class ConcurrentPromotionIT {

    static final String BUCKET = "prescient-race";
    static final Instant T0 = Instant.parse("2026-11-27T04:12:00Z");
    static final int ROUNDS = 8;

    static S3MockServer server;
    static ExecutorService threads;

    @TempDir
    Path tmp;

    /** What one of the two racing promotions did. */
    private record Outcome(String version, Exception failure, int finishedAs) {
    }

    @BeforeAll
    static void start() throws Exception {
        server = S3MockServer.start();
        threads = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void stop() {
        if (threads != null) {
            threads.shutdownNow();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void twoConcurrentPromotionsUnderTheLockLeaveExactlyOneProductionAndTheLoserChangesNothing() throws Exception {
        int refused = 0;
        for (int round = 0; round < ROUNDS; round++) {
            String workload = "shop/locked-" + round;
            String[] v = seed(workload);
            AtomicInteger finished = new AtomicInteger();
            List<Outcome> outcomes = race(
                    () -> locked("run-a").run(workload, "promote", () -> promote(registry(), workload, v[1], finished)),
                    () -> locked("run-b").run(workload, "promote", () -> promote(registry(), workload, v[2], finished)),
                    v[1], v[2]);

            List<ModelVersion> after = registry().list(workload);
            assertOneProduction(after, v, outcomes);
            for (Outcome o : outcomes) {
                if (o.failure() != null) {
                    refused++;
                    assertThat(o.failure()).isInstanceOf(LockHeldException.class)
                            .hasMessageStartingWith("cannot promote " + workload + ": its lock is held by run-");
                    assertThat(stage(after, o.version())).as("the refused version is untouched")
                            .isEqualTo(Stage.CANDIDATE);
                }
            }
            assertThat(new LeaseLock(settings(), Clock.systemUTC()).tryAcquire(workload, "after", Duration.ofMinutes(1))
                    .acquired()).as("both released the lock").isTrue();
        }
        System.out.printf("under the lock: %d of %d rounds had one promotion refused, the rest ran one after the"
                + " other%n", refused, ROUNDS);
    }

    @Test
    void twoConcurrentPromotionsWithoutTheLockStillLeaveExactlyOneProduction() throws Exception {
        int undone = 0;
        for (int round = 0; round < ROUNDS; round++) {
            String workload = "shop/unlocked-" + round;
            String[] v = seed(workload);
            AtomicInteger finished = new AtomicInteger();
            List<Outcome> outcomes = race(() -> promote(registry(), workload, v[1], finished),
                    () -> promote(registry(), workload, v[2], finished), v[1], v[2]);

            List<ModelVersion> after = registry().list(workload);
            ModelVersion production = assertOneProduction(after, v, outcomes);
            for (Outcome o : outcomes) {
                if (o.failure() != null) {
                    undone++;
                    assertThat(o.failure()).isInstanceOf(RegistryException.class)
                            .hasMessageStartingWith("cannot promote " + workload + " " + o.version() + ": "
                                    + production.version() + " was promoted concurrently at ");
                }
            }
        }
        System.out.printf("without the lock: %d promotion(s) of %d rounds lost a race and were undone%n", undone,
                ROUNDS);
    }

    @Test
    void aChangeWhileATrainingRunHoldsTheLockFailsNamingTheHolderAndChangesNothing() {
        String workload = "shop/held";
        String[] v = seed(workload);
        LeaseLock trainer = new LeaseLock(settings(), Clock.systemUTC());
        Lease held = trainer.tryAcquire(workload, "trainer-7f9c/run-1", Duration.ofMinutes(30)).lease();

        assertThatThrownBy(() -> locked("cli").run(workload, "promote", () -> {
            registry().promote(workload, v[1], "manual");
            return null;
        })).isInstanceOf(LockHeldException.class)
                .hasMessage("cannot promote " + workload + ": its lock is held by trainer-7f9c/run-1 since "
                        + held.acquiredAt() + " until " + held.expiresAt() + "; wait for that run to finish and try"
                        + " again (a holder that died leaves the lock until it expires)");

        assertThat(registry().production(workload)).map(ModelVersion::version).contains(v[0]);
        trainer.release(held);
        locked("cli").run(workload, "promote", () -> {
            registry().promote(workload, v[1], "manual");
            return null;
        });
        assertThat(registry().production(workload)).map(ModelVersion::version).contains(v[1]);
    }

    /** Exactly one production, one of the two raced, and the old one archived; returns it. */
    private static ModelVersion assertOneProduction(List<ModelVersion> after, String[] v, List<Outcome> outcomes) {
        List<ModelVersion> production = after.stream().filter(x -> x.stage() == Stage.PRODUCTION).toList();
        assertThat(production).as("production versions after the race").hasSize(1);
        ModelVersion winner = production.get(0);
        assertThat(winner.version()).isIn(v[1], v[2]);
        assertThat(stage(after, v[0])).as("the version both replaced").isEqualTo(Stage.ARCHIVED);
        Outcome last = outcomes.stream().filter(o -> o.failure() == null)
                .max((x, y) -> Integer.compare(x.finishedAs(), y.finishedAs())).orElseThrow();
        assertThat(winner.version()).as("production is the promotion that succeeded last").isEqualTo(last.version());
        return winner;
    }

    private List<Outcome> race(Task a, Task b, String va, String vb) throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        Future<Outcome> fa = threads.submit(() -> run(start, a, va));
        Future<Outcome> fb = threads.submit(() -> run(start, b, vb));
        return List.of(fa.get(60, TimeUnit.SECONDS), fb.get(60, TimeUnit.SECONDS));
    }

    private static Outcome run(CyclicBarrier start, Task task, String version) throws Exception {
        start.await(30, TimeUnit.SECONDS);
        try {
            return new Outcome(version, null, task.run());
        } catch (RegistryException e) {
            return new Outcome(version, e, -1);
        }
    }

    @FunctionalInterface
    private interface Task {
        int run();
    }

    private static int promote(S3ModelRegistry registry, String workload, String version, AtomicInteger finished) {
        registry.promote(workload, version, "race");
        return finished.incrementAndGet();
    }

    /** Uploads three versions and makes the first production; returns their ids. */
    private String[] seed(String workload) {
        S3ModelRegistry registry = registry();
        String[] v = new String[3];
        for (int i = 0; i < 3; i++) {
            v[i] = registry.upload(workload, artifact(workload, i * 60, "p" + i));
        }
        registry.promote(workload, v[0], "seed");
        return v;
    }

    private static LockedChanges locked(String owner) {
        return new LockedChanges(new LeaseLock(settings(), Clock.systemUTC()), owner, Duration.ofMinutes(1));
    }

    /** A new client each time, as a second process would have. */
    private static S3ModelRegistry registry() {
        return new S3ModelRegistry(settings());
    }

    private static RegistrySettings settings() {
        return new RegistrySettings(server.endpoint(), BUCKET, "models", "test", "secret", null, Duration.ofSeconds(10));
    }

    private static Stage stage(List<ModelVersion> versions, String version) {
        return versions.stream().filter(x -> x.version().equals(version)).findFirst().orElseThrow().stage();
    }

    private Path artifact(String workload, int offsetSeconds, String parameters) {
        Path dir = tmp.resolve(workload.replace('/', '_') + "-" + offsetSeconds);
        ModelArtifacts.save(new StubModel(workload + parameters, 0.8), dir, m -> m.withWorkload(workload)
                .withValidationMetrics("seasonal-naive", new ValidationMetrics(2, 1.0, 0.5)),
                Clock.fixed(T0.plusSeconds(offsetSeconds), ZoneOffset.UTC));
        return dir;
    }
}
