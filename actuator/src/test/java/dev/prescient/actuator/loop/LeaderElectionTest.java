package dev.prescient.actuator.loop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.prescient.actuator.kube.LeaseSettings;
import dev.prescient.actuator.testing.ActuatorInstance;
import dev.prescient.actuator.testing.Await;
import dev.prescient.actuator.testing.FakePredictor;
import dev.prescient.actuator.testing.Fixtures;
import dev.prescient.actuator.testing.WriteLog;
import dev.prescient.common.config.WorkloadConfig;
import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.model.WorkloadSpec;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Actuator instances compete for one Lease on the mock API server: only the leader patches; when it stops without
 * handing the lease back (as a killed pod would), the other takes over and acts within 30 s; a standby whose wall
 * clock runs ahead does not take a live lease.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(FakePredictor.class)
class LeaderElectionTest {

    private static final String NS = "leader";
    private static final Duration TAKEOVER_LIMIT = Duration.ofSeconds(30);
    private static final Duration LEASE = Duration.ofSeconds(4);
    private static final Duration RETRY = Duration.ofMillis(500);

    @Inject
    KubernetesClient client;
    @Inject
    ObjectMapper json;
    @Inject
    WorkloadReconciler shared;
    @FakePredictor.Inject
    WireMockServer predictor;

    private final List<ActuatorInstance> started = new ArrayList<>();
    private final WriteLog writes = new WriteLog();

    private ActuatorInstance instance(String lease, String identity, WorkloadConfig workloads, Clock clock) {
        LeaseSettings settings = new LeaseSettings(NS, lease, identity, LEASE, Duration.ofSeconds(3), RETRY, false);
        ActuatorInstance i = new ActuatorInstance(client, shared.parts(), workloads, settings, clock, writes,
                UnaryOperator.identity(), UnaryOperator.identity());
        started.add(i);
        return i;
    }

    @AfterEach
    void stopAll() {
        started.forEach(i -> i.leadership.stop());
    }

    @Test
    void onlyTheLeaderActsAndTheOtherTakesOverWhenItStops() {
        Fixtures fx = new Fixtures(client, predictor, json);
        WorkloadSpec spec = Fixtures.spec(NS, "api", ScalingMode.REPLICAS, 1, 20);
        fx.deployment(NS, "api", 3, Map.of());
        WorkloadConfig workloads = new WorkloadConfig(List.of(spec));
        ActuatorInstance a = instance("prescient-actuator", "actuator-a", workloads, Clock.systemUTC());
        ActuatorInstance b = instance("prescient-actuator", "actuator-b", workloads, Clock.systemUTC());
        a.leadership.start();
        b.leadership.start();
        Await.until("a leader", () -> a.leadership.isLeader() || b.leadership.isLeader(), TAKEOVER_LIMIT);
        ActuatorInstance leader = a.leadership.isLeader() ? a : b;
        ActuatorInstance other = leader == a ? b : a;
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
        Await.until("the other acts", () -> {
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

    /**
     * The holder renews with its own clock; a standby whose clock runs 20 s ahead reads a renewTime that looks 20 s
     * old, past the 4 s lease, yet it does not take the lease: it judges expiry only by how long it has itself seen
     * the record unchanged. Once the holder is killed, it takes over after seeing the record unchanged for the lease
     * duration, and no sooner.
     */
    @Test
    void aStandbyWhoseClockRunsTwentySecondsAheadDoesNotTakeALiveLease() {
        WorkloadConfig workloads = new WorkloadConfig(List.of(Fixtures.spec(NS, "skew", ScalingMode.REPLICAS, 1, 5)));
        Clock ahead = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(20));
        ActuatorInstance a = instance("skewed", "actuator-a", workloads, Clock.systemUTC());
        ActuatorInstance b = instance("skewed", "actuator-b", workloads, ahead);
        a.leadership.start();
        Await.until("a leads", a.leadership::isLeader, TAKEOVER_LIMIT);
        b.leadership.start();

        long until = System.nanoTime() + LEASE.multipliedBy(3).toNanos();
        boolean bEverLed = false;
        while (System.nanoTime() < until) {
            bEverLed |= b.leadership.isLeader();
            Await.sleep(Duration.ofMillis(50));
        }

        Lease lease = client.leases().inNamespace(NS).withName("skewed").get();
        assertThat(bEverLed).as("the skewed standby led at some point").isFalse();
        assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("actuator-a");
        assertThat(lease.getSpec().getLeaseTransitions()).isZero();
        assertThat(lease.getSpec().getRenewTime().toInstant().plus(LEASE))
                .as("by the standby's clock the holder's renewTime is past the lease (fabric8 would take it)")
                .isBefore(ahead.instant());
        assertThat(a.leadership.isLeader()).isTrue();

        a.leadership.stop();
        long killedAt = System.nanoTime();
        Await.until("b takes over", b.leadership::isLeader, TAKEOVER_LIMIT);
        Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);

        assertThat(takeover).as("not before it saw the record unchanged for the lease duration (less the holder's "
                + "last renewal interval)").isGreaterThanOrEqualTo(LEASE.minus(RETRY.multipliedBy(2)));
        assertThat(client.leases().inNamespace(NS).withName("skewed").get().getSpec().getHolderIdentity())
                .isEqualTo("actuator-b");
    }
}
