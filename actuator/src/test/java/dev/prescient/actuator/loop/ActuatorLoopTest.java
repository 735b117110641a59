package dev.prescient.actuator.loop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.prescient.actuator.kube.Leadership;
import dev.prescient.actuator.testing.Await;
import dev.prescient.actuator.testing.FakePredictor;
import dev.prescient.actuator.testing.Fixtures;
import dev.prescient.common.config.WorkloadCatalog;
import dev.prescient.common.config.WorkloadConfig;
import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.Decision;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import java.util.concurrent.CopyOnWriteArrayList;
import io.fabric8.kubernetes.api.model.Event;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** The tick over the configured workloads file ({@code src/test/resources/workloads-test.yaml}). */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(FakePredictor.class)
class ActuatorLoopTest {

    @Inject
    KubernetesClient client;
    @Inject
    AsyncWriter writes;
    @Inject
    ObjectMapper json;
    @Inject
    ActuatorLoop loop;
    @Inject
    WorkloadCatalog workloads;
    @Inject
    WorkloadReconciler reconciler;
    @Inject
    MeterRegistry registry;
    @FakePredictor.Inject
    WireMockServer predictor;

    @Test
    void decidesEveryConfiguredWorkloadAndHoldsOneWhoseTargetIsMissing() {
        Fixtures fx = new Fixtures(client, predictor, json, writes, registry);
        fx.deployment("loop", "web", 2, Map.of());
        Instant now = Fixtures.now();
        fx.answer(workloads.get("loop/web"), Fixtures.flat(workloads.get("loop/web"), now, 450, "model"));
        fx.answer(workloads.get("loop/absent"), Fixtures.flat(workloads.get("loop/absent"), now, 450, "model"));

        Map<String, Optional<Decision>> decisions = loop.tick(now);

        assertThat(decisions).containsOnlyKeys("loop/web", "loop/absent");
        assertThat(decisions.get("loop/web")).hasValueSatisfying(d -> assertThat(d.desiredReplicas()).isEqualTo(5));
        assertThat(decisions.get("loop/absent")).isEmpty();
        assertThat(fx.replicas("loop", "web")).isEqualTo(5);
        assertThat(loop.lastTick()).contains(now);
    }

    @Test
    void aFollowerNeitherAsksThePredictorNorTouchesTheCluster() {
        Fixtures fx = new Fixtures(client, predictor, json, writes, registry);
        fx.deployment("loop", "quiet", 2, Map.of());
        WorkloadConfig one = new WorkloadConfig(java.util.List.of(
                Fixtures.spec("loop", "quiet", dev.prescient.common.model.ScalingMode.REPLICAS, 1, 10)));
        Leadership follower = new Leadership() {
            @Override
            public boolean isLeader() {
                return false;
            }

            @Override
            public String identity() {
                return "follower";
            }
        };
        ActuatorLoop followerLoop = new ActuatorLoop(one, reconciler, follower, Duration.ofSeconds(12), System::nanoTime);
        predictor.resetRequests();

        assertThat(followerLoop.tick(Fixtures.now())).isEmpty();

        assertThat(predictor.findAll(getRequestedFor(urlPathEqualTo("/forecast"))
                .withQueryParam("workload", equalTo("loop/quiet")))).isEmpty();
        assertThat(fx.replicas("loop", "quiet")).isEqualTo(2);
        assertThat(fx.events("loop", "quiet")).isEmpty();
        assertThat(followerLoop.lastTick()).isEmpty();
    }

    @Test
    void writesATicksEventsAndStatusesOnlyAfterItsDecisionsAndScaleWrites() {
        Fixtures fx = new Fixtures(client, predictor, json, writes, registry);
        fx.awaitWrites();
        fx.deployment("loop", "deferred", 2, Map.of());
        WorkloadSpec spec = Fixtures.spec("loop", "deferred", ScalingMode.REPLICAS, 1, 10);
        Instant now = Fixtures.now();
        fx.answer(spec, Fixtures.flat(spec, now, 450, "model"));
        List<String> during = new CopyOnWriteArrayList<>();
        WorkloadReconciler watched = new WorkloadReconciler(reconciler.parts()) {
            @Override
            public Optional<Decision> reconcile(WorkloadSpec s, ForecastFetch forecast, Instant at) {
                Optional<Decision> d = super.reconcile(s, forecast, at);
                during.add("replicas " + fx.replicas("loop", "deferred") + ", Events written "
                        + client.v1().events().inNamespace("loop").list().getItems().stream()
                        .filter(e -> e.getInvolvedObject().getName().equals("deferred")).count()
                        + ", waiting " + writes.depth());
                return d;
            }
        };
        List<String> statuses = new CopyOnWriteArrayList<>();
        ActuatorLoop deferring = new ActuatorLoop(new WorkloadConfig(List.of(spec)), watched,
                Leadership.always("loop-test"), Duration.ofSeconds(12), 2, Optional.of(Duration.ofSeconds(10)),
                System::nanoTime, new QueuedStatus((w, d, at) -> statuses.add(w.key() + " " + d.orElseThrow()
                        .action().tag()), writes), writes);

        deferring.tick(now);

        assertThat(during).as("inside the tick: scaled, its Event queued, not written")
                .containsExactly("replicas 5, Events written 0, waiting 1");
        assertThat(fx.events("loop", "deferred")).extracting(Event::getReason).containsExactly("PredictiveScaleUp");
        assertThat(statuses).containsExactly("loop/deferred up");
    }

    /**
     * A reconciler that decides nothing but records the order and takes {@code each} of the loop's clock per
     * workload.
     */
    private WorkloadReconciler timed(List<String> order, AtomicLong clock, Duration each) {
        return new WorkloadReconciler(reconciler.parts()) {
            @Override
            public Optional<Decision> reconcile(WorkloadSpec spec, ForecastFetch forecast, Instant now) {
                order.add(spec.name());
                clock.addAndGet(each.toNanos());
                return Optional.empty();
            }
        };
    }

    private static WorkloadConfig three(String prefix) {
        return new WorkloadConfig(Stream.of("a", "b", "c")
                .map(n -> Fixtures.spec("loop", prefix + "-" + n, ScalingMode.REPLICAS, 1, 10)).toList());
    }

    private double skipped(String workload, String reason) {
        Counter c = registry.find("prescient.workloads.skipped").tags("workload", "loop/" + workload, "reason", reason)
                .counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void aTickPastItsDeadlineSkipsTheRestAndTheNextTickStartsWithThem() {
        AtomicLong clock = new AtomicLong();
        List<String> order = new ArrayList<>();
        ActuatorLoop loop = new ActuatorLoop(three("slow"), timed(order, clock, Duration.ofSeconds(6)),
                Leadership.always("a"), Duration.ofSeconds(10), clock::get);

        List<Set<String>> decided = new ArrayList<>();
        for (int tick = 0; tick < 3; tick++) {
            decided.add(loop.tick(Fixtures.now()).keySet());
        }

        assertThat(order).containsExactly("slow-a", "slow-b", "slow-c", "slow-a", "slow-b", "slow-c");
        assertThat(decided).containsExactly(Set.of("loop/slow-a", "loop/slow-b"), Set.of("loop/slow-c", "loop/slow-a"),
                Set.of("loop/slow-b", "loop/slow-c"));
        assertThat(skipped("slow-c", ActuatorLoop.DEADLINE)).isEqualTo(1.0);
        assertThat(skipped("slow-b", ActuatorLoop.DEADLINE)).isEqualTo(1.0);
        assertThat(skipped("slow-a", ActuatorLoop.DEADLINE)).isEqualTo(1.0);
    }

    @Test
    void aTickThatLosesLeadershipBetweenWorkloadsLeavesTheRestToTheNewLeader() {
        AtomicLong clock = new AtomicLong();
        List<String> order = new ArrayList<>();
        AtomicBoolean leads = new AtomicBoolean(true);
        WorkloadReconciler losing = new WorkloadReconciler(reconciler.parts()) {
            @Override
            public Optional<Decision> reconcile(WorkloadSpec spec, ForecastFetch forecast, Instant now) {
                order.add(spec.name());
                leads.set(false);
                return Optional.empty();
            }
        };
        Leadership lapsing = new Leadership() {
            @Override
            public boolean isLeader() {
                return leads.get();
            }

            @Override
            public String identity() {
                return "lapsing";
            }
        };
        ActuatorLoop loop = new ActuatorLoop(three("lost"), losing, lapsing, Duration.ofSeconds(10), clock::get);

        assertThat(loop.tick(Fixtures.now())).containsOnlyKeys("loop/lost-a");

        assertThat(order).containsExactly("lost-a");
        assertThat(skipped("lost-b", ActuatorLoop.LEADER_LOST)).isEqualTo(1.0);
        assertThat(skipped("lost-c", ActuatorLoop.LEADER_LOST)).isEqualTo(1.0);
    }

    private static WorkloadConfig many(String prefix, int n) {
        return new WorkloadConfig(java.util.stream.IntStream.range(0, n)
                .mapToObj(i -> Fixtures.spec("loop", prefix + "-" + i, ScalingMode.REPLICAS, 1, 10)).toList());
    }

    @Test
    void aWorkloadPastItsDeadlineDoesNotHoldUpTheOthersAndIsSkippedWhileItStillRuns() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<String> decided = java.util.Collections.synchronizedList(new ArrayList<>());
        WorkloadReconciler oneHangs = new WorkloadReconciler(reconciler.parts()) {
            @Override
            public Optional<Decision> reconcile(WorkloadSpec spec, ForecastFetch forecast, Instant now) {
                if (spec.name().equals("hang-1")) {
                    try {
                        release.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                decided.add(spec.name());
                return Optional.empty();
            }
        };
        ActuatorLoop loop = new ActuatorLoop(many("hang", 6), oneHangs, Leadership.always("a"), Duration.ofSeconds(10),
                2, Optional.of(Duration.ofMillis(300)), System::nanoTime);
        try {
            long started = System.nanoTime();
            Map<String, Optional<Decision>> first = loop.tick(Fixtures.now());
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(first).containsOnlyKeys("loop/hang-0", "loop/hang-2", "loop/hang-3", "loop/hang-4",
                    "loop/hang-5");
            assertThat(took).as("the tick waits for the hanging workload no longer than its deadline")
                    .isLessThan(Duration.ofSeconds(3));
            assertThat(skipped("hang-1", ActuatorLoop.WORKLOAD_DEADLINE)).isEqualTo(1.0);

            Map<String, Optional<Decision>> second = loop.tick(Fixtures.now());

            assertThat(second).hasSize(5).doesNotContainKey("loop/hang-1");
            assertThat(skipped("hang-1", ActuatorLoop.STILL_RUNNING)).isEqualTo(1.0);
        } finally {
            release.countDown();
        }
        Await.until("the left-behind workload finishes", () -> decided.contains("hang-1"), Duration.ofSeconds(10));
        assertThat(loop.tick(Fixtures.now())).containsKey("loop/hang-1");
    }

    @Test
    void workloadsAreDecidedConcurrentlyUpToTheConfiguredNumber() {
        AtomicInteger now = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        WorkloadReconciler slow = new WorkloadReconciler(reconciler.parts()) {
            @Override
            public Optional<Decision> reconcile(WorkloadSpec spec, ForecastFetch forecast, Instant at) {
                most.accumulateAndGet(now.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                now.decrementAndGet();
                return Optional.empty();
            }
        };
        ActuatorLoop loop = new ActuatorLoop(many("par", 9), slow, Leadership.always("a"), Duration.ofSeconds(10), 3,
                Optional.of(Duration.ofSeconds(5)), System::nanoTime);
        long started = System.nanoTime();

        assertThat(loop.tick(Fixtures.now())).hasSize(9);

        assertThat(most.get()).isEqualTo(3);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("9 × 200 ms on 3 threads")
                .isLessThan(Duration.ofMillis(1500));
    }
}
