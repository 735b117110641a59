package dev.prescient.predictor.serving;

import dev.prescient.common.config.WorkloadCatalog;
import static org.assertj.core.api.Assertions.assertThat;

import dev.prescient.predictor.api.LivenessCheck;
import dev.prescient.predictor.testing.ScriptedTimeBeans.SettableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Liveness of the model poller, running on its real schedule (every {@link #INTERVAL}) against a fake registry
 * that fails on demand, with the clock liveness reads held by the test: a poller broken off by an {@link Error}
 * every round, or stuck in a registry call, is reported dead once three intervals have passed since its last
 * completed round, not before; one that meets a single {@code Error} goes on polling and stays alive.
 */
class PollerLivenessTest {

    static final Duration INTERVAL = Duration.ofMillis(50);
    static final Duration THREE_INTERVALS = INTERVAL.multipliedBy(ModelLifecycle.MISSED_POLLS);

    @TempDir
    Path tmp;

    private final SettableClock clock = new SettableClock();
    private final FakeRegistry registry = new FakeRegistry();
    private ModelLifecycle models;

    @BeforeEach
    void startPolling() {
        PredictorConfig config = new SmallRyeConfigBuilder().withMapping(PredictorConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(Map.of(
                        "prescient.predictor.workloads-file", "src/test/resources/workloads-test.yaml",
                        "prescient.predictor.model-cache-dir", tmp.toString(),
                        "prescient.predictor.poll-interval", INTERVAL.toMillis() + "ms"), "test", 100))
                .build().getConfigMapping(PredictorConfig.class);
        models = new ModelLifecycle(config, WorkloadCatalog.load(Path.of(config.workloadsFile())),
                Optional.of(registry), new PredictorMetrics(new SimpleMeterRegistry()), clock);
        models.start(() -> { });
        await("two completed rounds", () -> models.pollerStatus().rounds() >= 2);
    }

    @AfterEach
    void stopPolling() {
        registry.error = null;
        CountDownLatch hold = registry.hold;
        if (hold != null) {
            hold.countDown();
        }
        models.stop();
    }

    @Test
    void aPollerWhoseEveryRoundAnErrorBreaksOffIsDeadThreeIntervalsAfterItsLastRound() {
        Instant lastRound = models.pollerStatus().lastRound().orElseThrow();
        registry.error = new OutOfMemoryError("simulated by the test");
        int asked = registry.asked("shop/api");
        await("three rounds broken off", () -> registry.asked("shop/api") >= asked + 3);
        long rounds = models.pollerStatus().rounds();

        clock.set(lastRound.plus(THREE_INTERVALS));
        assertThat(liveness().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        clock.set(lastRound.plus(THREE_INTERVALS).plusMillis(1));
        HealthCheckResponse down = liveness();

        assertThat(down.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(down.getData().orElseThrow()).containsEntry("lastRound", lastRound.toString())
                .containsEntry("rounds", rounds).containsEntry("maxSilence", "PT0.15S");
        assertThat((String) down.getData().orElseThrow().get("lastBreak")).endsWith(": java.lang.OutOfMemoryError");
        assertThat(models.pollerStatus().rounds()).as("no round completed while every one broke off")
                .isEqualTo(rounds);
    }

    @Test
    void aSingleErrorDoesNotStopThePolling() {
        registry.error = new OutOfMemoryError("simulated by the test");
        int asked = registry.asked("shop/api");
        await("a round broken off", () -> registry.asked("shop/api") > asked);
        registry.error = null;
        long rounds = models.pollerStatus().rounds();
        Instant later = clock.instant().plus(INTERVAL.multipliedBy(10));
        clock.set(later);

        await("rounds completing again", () -> models.pollerStatus().rounds() > rounds + 1);

        assertThat(liveness().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(models.pollerStatus().lastRound()).contains(later);
    }

    @Test
    void aLinkageErrorOfOneWorkloadIsItsFailureAndTheOthersAreStillPolled() {
        registry.errors.put("shop/api", new NoClassDefFoundError("ai/djl/pytorch/jni/LibUtils"));
        int cartAsked = registry.asked("shop/cart");
        long rounds = models.pollerStatus().rounds();

        await("shop/cart polled twice more", () -> registry.asked("shop/cart") >= cartAsked + 2);

        assertThat(models.slot("shop/api").orElseThrow().state().lastError()).hasValueSatisfying(e -> assertThat(e)
                .isEqualTo("unexpected failure while asking the registry: java.lang.NoClassDefFoundError: "
                        + "ai/djl/pytorch/jni/LibUtils"));
        assertThat(models.pollerStatus().rounds()).isGreaterThan(rounds);
        clock.set(clock.instant().plus(THREE_INTERVALS).plusMillis(1));
        await("a round completed at the later time", () -> liveness().getStatus() == HealthCheckResponse.Status.UP);
    }

    @Test
    void aPollerStuckInARegistryCallIsDeadAfterThreeIntervalsAndAliveOnceItMovesOn() {
        registry.hold = new CountDownLatch(1);
        int asked = registry.asked("shop/api");
        await("the poller inside a registry call", () -> registry.asked("shop/api") > asked);
        Instant lastCheck = models.pollerStatus().lastCheck().orElseThrow();

        clock.set(lastCheck.plus(THREE_INTERVALS).plusMillis(1));
        assertThat(liveness().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);

        registry.hold.countDown();
        registry.hold = null;
        await("a round completed after the call returned",
                () -> liveness().getStatus() == HealthCheckResponse.Status.UP);
    }

    @Test
    void aStoppedPollerIsDead() {
        models.stop();
        assertThat(liveness().getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    }

    private HealthCheckResponse liveness() {
        return new LivenessCheck(models).call();
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 20 s: " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
