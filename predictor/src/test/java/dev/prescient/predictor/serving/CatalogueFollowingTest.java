package dev.prescient.predictor.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prescient.common.config.WorkloadCatalog;
import dev.prescient.common.forecast.artifact.ModelArtifacts;
import dev.prescient.common.forecast.artifact.ModelLoader;
import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.model.TargetKind;
import dev.prescient.common.model.TargetRef;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.testing.StubModel;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model slots follow a catalogue that changes while the predictor runs (as a cluster's PredictiveScalers do): a
 * workload that joins serves its production model from the next poll round, or at once when a request asks for it;
 * one that leaves loses its slot, its model (closed once the requests using it are done) and its metrics. Over a fake
 * registry and real artifacts on disk, whose parameter text is the level the loaded {@link ConstantModel} forecasts.
 */
class CatalogueFollowingTest {

    private static final String API = "shop/api";
    private static final String NEW = "shop/new";

    @TempDir
    Path tmp;

    private final FakeRegistry registry = new FakeRegistry();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final MutableCatalog catalogue = new MutableCatalog();
    private final List<String> joined = new CopyOnWriteArrayList<>();
    private final List<String> left = new CopyOnWriteArrayList<>();
    private final ModelLoader loader = artifact -> new ConstantModel(
            Double.parseDouble(new String(artifact.parameters(), StandardCharsets.UTF_8)));
    private ModelLifecycle models;

    @BeforeEach
    void setUp() {
        registry.add(API, "v1", artifact("api", "10"));
        registry.promote(API, "v1", "test");
        registry.add(NEW, "v7", artifact("new", "70"));
        registry.promote(NEW, "v7", "test");
        catalogue.add(API);
    }

    @AfterEach
    void stop() {
        if (models != null) {
            models.stop();
        }
    }

    @Test
    void aWorkloadThatJoinsServesItsProductionModelFromTheNextPollRound() {
        models = lifecycle(Duration.ofHours(1));
        models.pollAll();
        catalogue.add(NEW);
        assertThat(models.version(NEW)).as("no slot before the round: the fallback answers").isEmpty();
        assertThat(models.lease(NEW)).isEmpty();

        models.pollAll();

        assertThat(models.slot(NEW)).hasValueSatisfying(s -> assertThat(s.state().ready()).isTrue());
        assertThat(models.version(NEW)).contains("v7");
        assertThat(level(NEW)).as("its own model, loaded on first use").isEqualTo(70);
        assertThat(registry.asked(NEW)).as("settled once, not polled again in the round it joined").isEqualTo(1);
        assertThat(meters.find("prescient.model.fallback.active").tag("workload", NEW).gauge().value()).isZero();
        assertThat(joined).containsExactly(NEW);
    }

    @Test
    void aWorkloadThatLeavesLosesItsSlotItsModelOnceReleasedAndItsMetrics() {
        catalogue.add(NEW);
        models = lifecycle(Duration.ofHours(1));
        models.pollAll();
        ModelLease inUse = models.lease(API).orElseThrow();
        ConstantModel model = (ConstantModel) inUse.model().model();
        catalogue.remove(API);

        models.pollAll();

        assertThat(models.slot(API)).isEmpty();
        assertThat(models.version(API)).isEmpty();
        assertThat(models.lease(API)).as("the fallback would answer; the API refuses an unknown workload").isEmpty();
        assertThat(models.loaded().isLoaded(API)).isFalse();
        assertThat(model.closed).as("a request still using it finishes on it").isFalse();
        inUse.close();
        assertThat(model.closed).as("closed once released").isTrue();
        assertThat(meters.getMeters()).extracting(Meter::getId).noneMatch(id -> API.equals(id.getTag("workload")));
        assertThat(left).containsExactly(API);
        assertThat(models.version(NEW)).as("the other workload untouched").contains("v7");

        catalogue.add(API);
        models.pollAll();
        assertThat(level(API)).as("back, with a fresh slot").isEqualTo(10);
        assertThat(meters.find("prescient.model.fallback.active").tag("workload", API).gauge().value())
                .as("the gauge reads the new slot").isZero();
    }

    @Test
    void aRequestForAWorkloadWithoutASlotHasThePollerFollowTheCatalogueAtOnce() {
        models = lifecycle(Duration.ofHours(1));
        models.start(() -> { });
        await("ready", () -> models.ready());
        catalogue.add(NEW);

        assertThat(models.version(NEW)).as("the first request: fallback").isEmpty();

        await("the new workload's model, long before the next poll in an hour",
                () -> models.version(NEW).isPresent());
        assertThat(level(NEW)).isEqualTo(70);
    }

    private ModelLifecycle lifecycle(Duration pollInterval) {
        PredictorConfig config = new SmallRyeConfigBuilder().withMapping(PredictorConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(Map.of(
                        "prescient.predictor.workloads-file", "src/test/resources/workloads-test.yaml",
                        "prescient.predictor.model-cache-dir", tmp.resolve("cache").toString(),
                        "prescient.predictor.poll-interval", pollInterval.toSeconds() + "s"), "test", 100))
                .build().getConfigMapping(PredictorConfig.class);
        ModelLifecycle lifecycle = new ModelLifecycle(config, catalogue, Optional.of(registry),
                new PredictorMetrics(meters), Clock.systemUTC(), Map.of("fake", loader));
        lifecycle.addMembership(new ModelLifecycle.Membership() {
            @Override
            public void joined(String workload) {
                joined.add(workload);
            }

            @Override
            public void left(String workload) {
                left.add(workload);
            }
        });
        return lifecycle;
    }

    private double level(String workload) {
        try (ModelLease lease = models.lease(workload).orElseThrow()) {
            return ((ConstantModel) lease.model().model()).level;
        }
    }

    private Path artifact(String name, String level) {
        Path dir = tmp.resolve("artifacts").resolve(name);
        ModelArtifacts.save(new StubModel(level, 0.5), dir);
        return dir;
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** A catalogue the test changes, as a watch would. */
    private static final class MutableCatalog implements WorkloadCatalog {
        private final List<WorkloadSpec> specs = new CopyOnWriteArrayList<>();

        void add(String key) {
            String[] ns = key.split("/");
            specs.add(new WorkloadSpec(ns[1], ns[0], new TargetRef(TargetKind.Deployment, ns[1]),
                    "rps{app=\"" + ns[1] + "\"}", 50, 0.7, 1, 10, Duration.ofDays(3), Duration.ofMinutes(1),
                    Duration.ofMinutes(30), Optional.empty(), ScalingMode.DRY_RUN));
        }

        void remove(String key) {
            specs.removeIf(s -> s.key().equals(key));
        }

        @Override
        public List<WorkloadSpec> all() {
            return List.copyOf(specs);
        }
    }
}
