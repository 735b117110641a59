package dev.prescient.actuator.loop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.prescient.actuator.testing.FakePredictor;
import dev.prescient.actuator.testing.Fixtures;
import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.Decision;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A workload without a configured start-up delay gets the p90 measured from its Pods. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(FakePredictor.class)
class StartupDelayTest {

    private static final String NS = "startup";

    @Inject
    KubernetesClient client;
    @Inject
    AsyncWriter writes;
    @Inject
    ObjectMapper json;
    @Inject
    WorkloadReconciler reconciler;
    @Inject
    MeterRegistry registry;
    @FakePredictor.Inject
    WireMockServer predictor;

    private Fixtures fx;

    @BeforeEach
    void setUp() {
        fx = new Fixtures(client, predictor, json, writes, registry);
    }

    @Test
    void measuresTheP90FromReadyPodsAndSizesTheWindowAfterIt() {
        WorkloadSpec spec = Fixtures.spec(NS, "measured", ScalingMode.REPLICAS, 1, 20, Optional.empty());
        fx.deployment(NS, "measured", 3, Map.of());
        for (int i = 1; i <= 10; i++) {
            pod("measured-" + i, "measured", Optional.of(Duration.ofSeconds(10L * i)));
        }
        pod("measured-starting", "measured", Optional.empty());
        pod("other-1", "other", Optional.of(Duration.ofSeconds(900)));
        Instant now = Fixtures.now();
        fx.answer(spec, Fixtures.flat(spec, now, 612, "model"));

        Decision d = reconciler.reconcile(spec, now).orElseThrow();

        assertThat(Duration.between(now, d.windowStart())).as("p90 of 10..100 s").isEqualTo(Duration.ofSeconds(90));
        assertThat(registry.find("prescient.startup.delay.seconds").tag("workload", spec.key()).gauge().value())
                .isEqualTo(90.0);
    }

    @Test
    void fallsBackToTheDefaultWithFewerThanThreeReadyPods() {
        WorkloadSpec spec = Fixtures.spec(NS, "young", ScalingMode.REPLICAS, 1, 20, Optional.empty());
        fx.deployment(NS, "young", 3, Map.of());
        pod("young-1", "young", Optional.of(Duration.ofSeconds(20)));
        pod("young-2", "young", Optional.of(Duration.ofSeconds(25)));
        Instant now = Fixtures.now();
        fx.answer(spec, Fixtures.flat(spec, now, 612, "model"));

        Decision d = reconciler.reconcile(spec, now).orElseThrow();

        assertThat(Duration.between(now, d.windowStart())).isEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void usesTheConfiguredDelayWithoutLookingAtPods() {
        WorkloadSpec spec = Fixtures.spec(NS, "configured", ScalingMode.REPLICAS, 1, 20,
                Optional.of(Duration.ofSeconds(45)));
        fx.deployment(NS, "configured", 3, Map.of());
        for (int i = 1; i <= 5; i++) {
            pod("configured-" + i, "configured", Optional.of(Duration.ofSeconds(600)));
        }
        Instant now = Fixtures.now();
        fx.answer(spec, Fixtures.flat(spec, now, 612, "model"));

        Decision d = reconciler.reconcile(spec, now).orElseThrow();

        assertThat(Duration.between(now, d.windowStart())).isEqualTo(Duration.ofSeconds(45));
    }

    /**
     * Kubernetes keeps only a condition's last transition: a Pod Ready again after a readiness blip (or a restart) would
     * look as if it took hours to start. Its first start is remembered instead; a Pod first seen after a restart is
     * left out, since its first start is unknown.
     */
    @Test
    void aPodReadyAgainAfterABlipKeepsTheStartupDelayOfItsFirstStart() {
        WorkloadSpec spec = Fixtures.spec(NS, "blip", ScalingMode.REPLICAS, 1, 20, Optional.empty());
        fx.deployment(NS, "blip", 3, Map.of());
        Map<String, Instant> scheduled = new HashMap<>();
        for (int i = 1; i <= 5; i++) {
            scheduled.put("blip-" + i, created("blip-" + i, "blip"));
            status("blip-" + i, scheduled.get("blip-" + i), Optional.of(Duration.ofSeconds(20L + 10 * i)), 0);
        }
        Instant now = Fixtures.now();
        fx.answer(spec, Fixtures.flat(spec, now, 612, "model"));
        assertThat(measured(spec, now)).as("p90 of 30..70 s").isEqualTo(Duration.ofSeconds(70));

        status("blip-5", scheduled.get("blip-5"), Optional.empty(), 0);
        assertThat(measured(spec, now)).as("while blip-5 is not Ready").isEqualTo(Duration.ofSeconds(70));
        status("blip-5", scheduled.get("blip-5"), Optional.of(Duration.ofHours(3)), 0);
        assertThat(measured(spec, now)).as("blip-5 Ready again 3 h after it was scheduled")
                .isEqualTo(Duration.ofSeconds(70));
        status("blip-4", scheduled.get("blip-4"), Optional.of(Duration.ofHours(2)), 1);
        assertThat(measured(spec, now)).as("blip-4 restarted, Ready again 2 h after scheduling")
                .isEqualTo(Duration.ofSeconds(70));

        Instant late = created("blip-late", "blip");
        status("blip-late", late, Optional.of(Duration.ofHours(2)), 1);
        assertThat(measured(spec, now)).as("a Pod first seen after a restart is left out")
                .isEqualTo(Duration.ofSeconds(70));
        assertThat(fx.events(NS, "blip")).extracting(Event::getReason).doesNotContain(StartupDelays.CAPPED_EVENT);
    }

    @Test
    void aHugeMeasuredDelayIsCappedAtTheMaximumWithOneWarningEvent() {
        WorkloadSpec spec = Fixtures.spec(NS, "slow", ScalingMode.REPLICAS, 1, 20, Optional.empty());
        fx.deployment(NS, "slow", 3, Map.of());
        for (int i = 1; i <= 3; i++) {
            status("slow-" + i, created("slow-" + i, "slow"), Optional.of(Duration.ofHours(10)), 0);
        }
        Instant now = Fixtures.now();
        fx.answer(spec, Fixtures.flat(spec, now, 612, "model"));

        assertThat(measured(spec, now)).isEqualTo(Duration.ofMinutes(15));
        assertThat(measured(spec, now.plusSeconds(300))).as("still capped next tick").isEqualTo(Duration.ofMinutes(15));

        assertThat(registry.find("prescient.startup.delay.seconds").tag("workload", spec.key()).gauge().value())
                .isEqualTo(900.0);
        List<Event> capped = fx.events(NS, "slow").stream()
                .filter(e -> e.getReason().equals(StartupDelays.CAPPED_EVENT)).toList();
        assertThat(capped).as("one Event while the cap applies").singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getMessage()).isEqualTo("measured start-up delay 36000 s (p90 over 3 Pods, PodScheduled to "
                    + "ContainersReady of their first start) exceeds the limit 900 s; sizing with 900 s. Check the "
                    + "Pods' readiness, or set startupDelay for startup/slow in the workloads file");
        });
    }

    /** The start-up delay the decision at {@code now} sized with: how far its window starts after now. */
    private Duration measured(WorkloadSpec spec, Instant now) {
        fx.answer(spec, Fixtures.flat(spec, now, 612, "model"));
        Decision d = reconciler.reconcile(spec, now).orElseThrow();
        return Duration.between(now, d.windowStart());
    }

    /** Creates a Pod of {@code app}; the API server stamps its creation time. @return that time */
    private Instant created(String name, String app) {
        Pod created = client.pods().inNamespace(NS).resource(new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(NS).addToLabels("app", app).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("example/app:1").endContainer().endSpec()
                .build()).create();
        return Instant.parse(created.getMetadata().getCreationTimestamp());
    }

    /**
     * Writes a Pod's status as the kubelet does: scheduled at {@code scheduled}; ContainersReady and Ready turned True
     * {@code readyAfter} later, or False (since now) when empty; its container restarted {@code restarts} times.
     */
    private void status(String name, Instant scheduled, Optional<Duration> readyAfter, int restarts) {
        String readyStatus = readyAfter.isPresent() ? "True" : "False";
        String readySince = readyAfter.map(scheduled::plus).orElse(Instant.now().truncatedTo(ChronoUnit.SECONDS))
                .toString();
        Pod pod = client.pods().inNamespace(NS).withName(name).get();
        pod.setStatus(new PodStatusBuilder().withPhase("Running")
                .addNewCondition().withType("PodScheduled").withStatus("True")
                .withLastTransitionTime(scheduled.toString()).endCondition()
                .addNewCondition().withType("ContainersReady").withStatus(readyStatus)
                .withLastTransitionTime(readySince).endCondition()
                .addNewCondition().withType("Ready").withStatus(readyStatus)
                .withLastTransitionTime(readySince).endCondition()
                .addNewContainerStatus().withName("app").withImage("example/app:1").withReady(readyAfter.isPresent())
                .withRestartCount(restarts).endContainerStatus()
                .build());
        client.pods().inNamespace(NS).resource(pod).updateStatus();
        assertThat(client.pods().inNamespace(NS).withName(name).get().getStatus().getConditions())
                .extracting(PodCondition::getStatus).containsExactly("True", readyStatus, readyStatus);
    }

    /**
     * Creates a Pod (the API server stamps its creation time, as a real one does), then writes its status as the
     * kubelet would: Ready {@code readyAfter} after creation, or not Ready.
     */
    private void pod(String name, String app, Optional<Duration> readyAfter) {
        Pod created = client.pods().inNamespace(NS).resource(new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(NS).addToLabels("app", app).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("example/app:1").endContainer().endSpec()
                .build()).create();
        Instant at = Instant.parse(created.getMetadata().getCreationTimestamp());
        Instant readyAt = at.plus(readyAfter.orElse(Duration.ofSeconds(2)));
        String status = "{\"status\":{\"phase\":\"Running\",\"conditions\":["
                + "{\"type\":\"PodScheduled\",\"status\":\"True\",\"lastTransitionTime\":\"" + at + "\"},"
                + "{\"type\":\"Ready\",\"status\":\"" + (readyAfter.isPresent() ? "True" : "False")
                + "\",\"lastTransitionTime\":\"" + readyAt + "\"}]}}";
        client.pods().inNamespace(NS).withName(name).subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), status);
        Pod stored = client.pods().inNamespace(NS).withName(name).get();
        assertThat(stored.getStatus().getConditions()).as("status written").hasSize(2);
    }
}
