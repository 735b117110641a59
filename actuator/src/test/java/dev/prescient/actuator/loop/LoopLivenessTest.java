package dev.prescient.actuator.loop;

import dev.prescient.actuator.kube.Leadership;
import dev.prescient.actuator.testing.FakePredictor;
import dev.prescient.actuator.testing.Fixtures;
import dev.prescient.common.config.WorkloadConfig;
import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.Decision;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * Liveness {@code actuator-loop} on a monotonic clock the test moves: a leader whose loop is stuck in a tick, or
 * killed by an Error on every tick, goes DOWN after three intervals without a completed tick; a standby stays live.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(FakePredictor.class)
class LoopLivenessTest {

    private static final Duration INTERVAL = Duration.ofMinutes(5);
    private static final WorkloadConfig ONE = new WorkloadConfig(List.of(
            Fixtures.spec("live", "api", ScalingMode.REPLICAS, 1, 10)));

    @Inject
    WorkloadReconciler shared;

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);

    private void advance(Duration d) {
        clock.addAndGet(d.toNanos());
    }

    private ActuatorLoop loop(WorkloadReconciler reconciler, Leadership leadership) {
        return new ActuatorLoop(ONE, reconciler, leadership, Duration.ofSeconds(12), clock::get);
    }

    private static HealthCheckResponse.Status status(LoopLiveness liveness) {
        return liveness.call().getStatus();
    }

    @Test
    void aLeaderWhoseLoopIsStuckInATickGoesDownAfterThreeIntervals() throws Exception {
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        WorkloadReconciler hanging = new WorkloadReconciler(shared.parts()) {
            @Override
            public Optional<Decision> reconcile(WorkloadSpec spec, ForecastFetch forecast, Instant now) {
                stuck.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Optional.empty();
            }
        };
        ActuatorLoop loop = loop(hanging, Leadership.always("a"));
        LoopLiveness liveness = new LoopLiveness(loop, INTERVAL, clock::get);
        CompletableFuture<?> tick = CompletableFuture.runAsync(() -> loop.tick(Fixtures.now()));
        assertThat(stuck.await(10, TimeUnit.SECONDS)).isTrue();

        advance(INTERVAL.multipliedBy(3).minusSeconds(1));
        assertThat(status(liveness)).isEqualTo(HealthCheckResponse.Status.UP);
        advance(Duration.ofSeconds(2));
        HealthCheckResponse down = liveness.call();
        assertThat(down.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(down.getData()).get().satisfies(data -> {
            assertThat(data).containsEntry("role", "leader").containsEntry("secondsSinceLastTick", 901L)
                    .containsEntry("limitSeconds", 900L);
            assertThat(data.get("problem")).asString().contains("has not completed a tick for 901 s");
        });

        release.countDown();
        tick.get(10, TimeUnit.SECONDS);
        assertThat(status(liveness)).as("live again once the tick completes").isEqualTo(HealthCheckResponse.Status.UP);
    }

    @Test
    void aLeaderWhoseLoopIsKilledByAnErrorOnEveryTickGoesDown() {
        WorkloadReconciler failing = new WorkloadReconciler(shared.parts()) {
            @Override
            public Optional<Decision> reconcile(WorkloadSpec spec, ForecastFetch forecast, Instant now) {
                throw new LinkageError("simulated: a class failed to load");
            }
        };
        ActuatorLoop loop = loop(failing, Leadership.always("a"));
        LoopLiveness liveness = new LoopLiveness(loop, INTERVAL, clock::get);

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> loop.tick(Fixtures.now())).isInstanceOf(LinkageError.class);
            assertThat(status(liveness)).isEqualTo(HealthCheckResponse.Status.UP);
            advance(INTERVAL);
        }
        advance(Duration.ofSeconds(1));

        assertThat(status(liveness)).isEqualTo(HealthCheckResponse.Status.DOWN);
    }

    @Test
    void aStandbyIsLiveThoughItNeverTicks() {
        LoopLiveness liveness = new LoopLiveness(loop(shared, leadership(new AtomicLong(-1))), INTERVAL, clock::get);

        advance(Duration.ofHours(6));

        HealthCheckResponse response = liveness.call();
        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(response.getData()).get().satisfies(d -> assertThat(d).containsEntry("role", "standby"));
    }

    @Test
    void aNewLeaderHasThreeIntervalsFromTheStartOfItsLeadership() {
        AtomicLong leadingSince = new AtomicLong(-1);
        LoopLiveness liveness = new LoopLiveness(loop(shared, leadership(leadingSince)), INTERVAL, clock::get);
        advance(Duration.ofHours(6));
        assertThat(status(liveness)).as("standby for 6 h").isEqualTo(HealthCheckResponse.Status.UP);

        leadingSince.set(clock.get());
        assertThat(status(liveness)).as("just took over").isEqualTo(HealthCheckResponse.Status.UP);
        advance(INTERVAL.multipliedBy(3).minusSeconds(1));
        assertThat(status(liveness)).isEqualTo(HealthCheckResponse.Status.UP);
        advance(Duration.ofSeconds(2));
        assertThat(status(liveness)).as("no tick since it took over").isEqualTo(HealthCheckResponse.Status.DOWN);
    }

    @Test
    void theLivenessEndpointReportsTheLoop() {
        given().get("/q/health/live").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(LoopLiveness.NAME));
    }

    /** Leads since the monotonic time in {@code leadingSince}; a standby while it is negative. */
    private static Leadership leadership(AtomicLong leadingSince) {
        return new Leadership() {
            @Override
            public boolean isLeader() {
                return leadingSince.get() >= 0;
            }

            @Override
            public String identity() {
                return "candidate";
            }

            @Override
            public OptionalLong leadingSince() {
                return isLeader() ? OptionalLong.of(leadingSince.get()) : OptionalLong.empty();
            }
        };
    }
}
