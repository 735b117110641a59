package dev.prescient.actuator.loop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.prescient.actuator.kube.ForwardingScaleTarget;
import dev.prescient.actuator.kube.LeaseSettings;
import dev.prescient.actuator.kube.ScaleTarget;
import dev.prescient.actuator.kube.TargetState;
import dev.prescient.actuator.testing.ActuatorInstance;
import dev.prescient.actuator.testing.Await;
import dev.prescient.actuator.testing.FakePredictor;
import dev.prescient.actuator.testing.Fixtures;
import dev.prescient.actuator.testing.WriteLog;
import dev.prescient.common.config.WorkloadConfig;
import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.Decision;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One actor at a time: leader A freezes in the middle of a tick (its Lease renewals freeze with it, as in a GC pause
 * or a stopped node), B takes the Lease over and acts, then A wakes up and carries on with its tick. A must not write
 * after B's first write, wherever the pause fell.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(FakePredictor.class)
class OneActorTest {

    private static final Duration LIMIT = Duration.ofSeconds(30);

    @Inject
    KubernetesClient client;
    @Inject
    ObjectMapper json;
    @Inject
    WorkloadReconciler shared;
    @FakePredictor.Inject
    WireMockServer predictor;

    private final List<ActuatorInstance> started = new ArrayList<>();

    /** Where A freezes on its way to patching the second workload. */
    enum PausePoint {
        /** Before its leadership check: on waking, the check refuses the write. */
        BEFORE_THE_CHECK,
        /** After its check passed, right before the API call: the API server refuses the stale patch with 409. */
        AFTER_THE_CHECK
    }

    /** Freezes the first patch of {@code name}, and A's Lease renewals with it, until released. */
    private static final class Freeze {
        final CountDownLatch reached = new CountDownLatch(1);
        final CountDownLatch released = new CountDownLatch(1);
        final String name;
        Runnable onFreeze = () -> { };

        Freeze(String name) {
            this.name = name;
        }

        ScaleTarget around(ScaleTarget inner) {
            return new ForwardingScaleTarget(inner) {
                @Override
                public void patchReplicas(TargetState target, int replicas) {
                    if (target.name().equals(name) && reached.getCount() > 0) {
                        onFreeze.run();
                        reached.countDown();
                        try {
                            released.await(60, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    inner.patchReplicas(target, replicas);
                }
            };
        }
    }

    @AfterEach
    void stopAll() {
        started.forEach(i -> {
            i.lease.resume();
            i.leadership.stop();
        });
    }

    @ParameterizedTest
    @EnumSource(PausePoint.class)
    void aLeaderPausedMidTickDoesNotWriteAfterTheNewLeadersFirstWrite(PausePoint point) throws Exception {
        String ns = "one-actor-" + point.ordinal();
        Fixtures fx = new Fixtures(client, predictor, json);
        WorkloadSpec first = Fixtures.spec(ns, "api-1", ScalingMode.REPLICAS, 1, 20);
        WorkloadSpec second = Fixtures.spec(ns, "api-2", ScalingMode.REPLICAS, 1, 20);
        fx.deployment(ns, "api-1", 3, Map.of());
        fx.deployment(ns, "api-2", 3, Map.of());
        WorkloadConfig workloads = new WorkloadConfig(List.of(first, second));
        WriteLog writes = new WriteLog();
        Freeze freeze = new Freeze("api-2");
        ActuatorInstance a = instance(ns, "actuator-a", workloads, writes,
                point == PausePoint.BEFORE_THE_CHECK ? freeze::around : UnaryOperator.identity(),
                point == PausePoint.AFTER_THE_CHECK ? freeze::around : UnaryOperator.identity());
        ActuatorInstance b = instance(ns, "actuator-b", workloads, writes,
                UnaryOperator.identity(), UnaryOperator.identity());
        freeze.onFreeze = a.lease::pause;
        a.leadership.start();
        Await.until("a leads", a.leadership::isLeader, LIMIT);
        b.leadership.start();

        Instant now = Fixtures.now();
        fx.answer(first, Fixtures.flat(first, now, 412, "model"));
        fx.answer(second, Fixtures.flat(second, now, 412, "model"));
        CompletableFuture<Map<String, Optional<Decision>>> aTick = CompletableFuture.supplyAsync(() -> a.loop.tick(now));
        assertThat(freeze.reached.await(LIMIT.toSeconds(), TimeUnit.SECONDS)).as("A froze mid-tick").isTrue();

        Instant later = now.plusSeconds(60);
        fx.answer(first, Fixtures.flat(first, later, 612, "model"));
        fx.answer(second, Fixtures.flat(second, later, 612, "model"));
        Await.until("b takes over", b.leadership::isLeader, LIMIT);
        assertThat(b.loop.tick(later)).containsOnlyKeys(first.key(), second.key());
        a.lease.resume();
        freeze.released.countDown();
        Map<String, Optional<Decision>> aDecided = aTick.get(LIMIT.toSeconds(), TimeUnit.SECONDS);

        long bFirstWrite = writes.accepted("actuator-b").get(0).nanos();
        assertThat(writes.accepted("actuator-a")).as("A's writes, all before B's first")
                .extracting(WriteLog.Write::what)
                .containsExactly("patch api-1 replicas=5", "event api-1 PredictiveScaleUp");
        assertThat(writes.accepted("actuator-a")).allSatisfy(w -> assertThat(w.nanos()).isLessThan(bFirstWrite));
        assertThat(writes.writes()).filteredOn(w -> w.instance().equals("actuator-a") && !w.accepted())
                .extracting(WriteLog.Write::what)
                .as("A's refused writes").containsExactlyElementsOf(point == PausePoint.AFTER_THE_CHECK
                        ? List.of("patch api-2 replicas=5 (409)") : List.of());
        assertThat(aDecided).as("A decided the first workload only").containsOnlyKeys(first.key());
        assertThat(a.skipped(ActuatorLoop.LEADER_LOST)).isEqualTo(1.0);
        assertThat(fx.replicas(ns, "api-1")).isEqualTo(7);
        assertThat(fx.replicas(ns, "api-2")).as("3 → 7, within one decision's scale-up limit").isEqualTo(7);
        assertThat(fx.events(ns, "api-2")).extracting(Event::getReportingInstance).containsExactly("actuator-b");
        Await.until("A sees B's lease", () -> !a.leadership.isLeader()
                && "actuator-b".equals(client.leases().inNamespace(ns).withName("lease").get().getSpec()
                .getHolderIdentity()), LIMIT);
        assertThat(a.leaderGauge() + b.leaderGauge()).isEqualTo(1.0);
    }

    private ActuatorInstance instance(String ns, String identity, WorkloadConfig workloads, WriteLog writes,
                                      UnaryOperator<ScaleTarget> outside, UnaryOperator<ScaleTarget> inside) {
        LeaseSettings settings = new LeaseSettings(ns, "lease", identity, Duration.ofSeconds(4),
                Duration.ofSeconds(3), Duration.ofMillis(500), false);
        ActuatorInstance i = new ActuatorInstance(client, shared.parts(), workloads, settings, Clock.systemUTC(),
                writes, outside, inside);
        started.add(i);
        return i;
    }
}
