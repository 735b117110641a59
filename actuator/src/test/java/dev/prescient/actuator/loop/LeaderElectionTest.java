package dev.prescient.actuator.loop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.prescient.actuator.kube.FabricScaleTarget;
import dev.prescient.actuator.kube.LeaseLeadership;
import dev.prescient.actuator.kube.LeaseSettings;
import dev.prescient.actuator.kube.StartupDelayEstimator;
import dev.prescient.actuator.testing.FakePredictor;
import dev.prescient.actuator.testing.Fixtures;
import dev.prescient.common.config.WorkloadConfig;
import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.model.WorkloadSpec;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two actuator instances compete for one Lease on the mock API server: only the leader patches; when it stops
 * without handing the lease back (as a killed pod would), the other takes over and acts within 30 s.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(FakePredictor.class)
class LeaderElectionTest {

    private static final String NS = "leader";
    private static final Duration TAKEOVER_LIMIT = Duration.ofSeconds(30);

    @Inject
    KubernetesClient client;
    @Inject
    ObjectMapper json;
    @Inject
    WorkloadReconciler shared;
    @FakePredictor.Inject
    WireMockServer predictor;

    private Instance a;
    private Instance b;

    /** One actuator replica: its own lease candidate, memory, metrics and Kubernetes identity. */
    private final class Instance {
        final LeaseLeadership leadership;
        final MeterRegistry registry = new SimpleMeterRegistry();
        final ActuatorLoop loop;

        Instance(String identity, WorkloadConfig workloads) {
            leadership = new LeaseLeadership(client, new LeaseSettings(NS, "prescient-actuator", identity,
                    Duration.ofSeconds(4), Duration.ofSeconds(3), Duration.ofMillis(500), false));
            ActuatorMetrics metrics = new ActuatorMetrics(registry);
            metrics.leader(leadership);
            FabricScaleTarget kube = new FabricScaleTarget(client, identity);
            OnceReporter problems = new OnceReporter();
            WorkloadReconciler.Parts p = shared.parts();
            WorkloadReconciler reconciler = new WorkloadReconciler(new WorkloadReconciler.Parts(p.fetcher(), kube,
                    p.policy(), new DecisionMemory(p.policy().settings().scaleDownStabilization()),
                    new StartupDelays(kube, new StartupDelayEstimator(3, 50), Duration.ofMinutes(3), metrics, problems),
                    p.observedDemand(), new DecisionReporter(kube, metrics, problems), metrics, problems, 3));
            loop = new ActuatorLoop(workloads, reconciler, leadership);
        }

        double scaleUps() {
            Counter c = registry.find("prescient.scale.actions").tag("direction", "up").counter();
            return c == null ? 0 : c.count();
        }

        double leaderGauge() {
            return registry.find("prescient.leader").gauge().value();
        }
    }

    @AfterEach
    void stopBoth() {
        a.leadership.stop();
        b.leadership.stop();
    }

    @Test
    void onlyTheLeaderActsAndTheOtherTakesOverWhenItStops() {
        Fixtures fx = new Fixtures(client, predictor, json);
        WorkloadSpec spec = Fixtures.spec(NS, "api", ScalingMode.REPLICAS, 1, 20);
        fx.deployment(NS, "api", 3, Map.of());
        WorkloadConfig workloads = new WorkloadConfig(List.of(spec));
        a = new Instance("actuator-a", workloads);
        b = new Instance("actuator-b", workloads);
        a.leadership.start();
        b.leadership.start();
        await(() -> a.leadership.isLeader() || b.leadership.isLeader(), TAKEOVER_LIMIT);
        Instance leader = a.leadership.isLeader() ? a : b;
        Instance other = leader == a ? b : a;
        assertThat(other.leadership.isLeader()).isFalse();

        Instant now = Fixtures.now();
        fx.answer(spec, Fixtures.flat(spec, now, 412, "model"));
        assertThat(leader.loop.tick(now)).containsKey(spec.key());
        assertThat(other.loop.tick(now)).as("the follower does nothing").isEmpty();
        assertThat(fx.replicas(NS, "api")).isEqualTo(5);
        assertThat(leader.scaleUps()).isEqualTo(1.0);
        assertThat(other.scaleUps()).isZero();
        assertThat(leader.leaderGauge()).isEqualTo(1.0);
        assertThat(other.leaderGauge()).isZero();

        leader.leadership.stop();
        long stoppedAt = System.nanoTime();
        Instant later = now.plusSeconds(300);
        fx.answer(spec, Fixtures.flat(spec, later, 712, "model"));
        await(() -> {
            assertThat(leader.loop.tick(later)).as("the stopped leader does nothing").isEmpty();
            return !other.loop.tick(later).isEmpty();
        }, TAKEOVER_LIMIT);
        Duration takeover = Duration.ofNanos(System.nanoTime() - stoppedAt);

        assertThat(takeover).isLessThan(TAKEOVER_LIMIT);
        assertThat(fx.replicas(NS, "api")).isEqualTo(8);
        assertThat(other.scaleUps()).isEqualTo(1.0);
        assertThat(leader.scaleUps()).isEqualTo(1.0);
        assertThat(other.leaderGauge()).isEqualTo(1.0);
        assertThat(leader.leaderGauge()).isZero();
        assertThat(fx.events(NS, "api")).extracting(Event::getReportingInstance)
                .containsExactly(leader.leadership.identity(), other.leadership.identity());
    }

    private static void await(BooleanSupplier condition, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
