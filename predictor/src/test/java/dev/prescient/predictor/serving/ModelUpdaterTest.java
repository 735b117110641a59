package dev.prescient.predictor.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prescient.common.forecast.artifact.ModelArtifacts;
import dev.prescient.common.forecast.artifact.ModelLoader;
import dev.prescient.common.policy.Headroom;
import dev.prescient.common.policy.Sizing;
import dev.prescient.common.policy.SizingJson;
import dev.prescient.common.testing.StubModel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The model lifecycle over a fake registry and real artifacts on disk: the stub model's parameter
 * text is the level the loaded {@link ConstantModel} forecasts, so the tests can see which one serves.
 */
class ModelUpdaterTest {

    static final String W = "shop/api";
    /** Counts the models it builds; a level that is not a number fails the load (as a DJL failure would). */
    private final AtomicInteger built = new AtomicInteger();
    private final ModelLoader loader = artifact -> {
        built.incrementAndGet();
        return new ConstantModel(Double.parseDouble(new String(artifact.parameters(), StandardCharsets.UTF_8)));
    };

    @TempDir
    Path tmp;

    private final FakeRegistry registry = new FakeRegistry();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final PredictorMetrics metrics = new PredictorMetrics(meters);
    private final LoadedModels loaded = new LoadedModels(10, metrics);
    private final ModelSlot slot = new ModelSlot(W);
    private ModelCache cache;
    private ModelUpdater last;

    @BeforeEach
    void setUp() {
        cache = new ModelCache(tmp.resolve("cache"), Map.of("fake", loader));
    }

    private ModelUpdater updater(Optional<FakeRegistry> reg) {
        last = new ModelUpdater(reg.map(r -> (dev.prescient.common.registry.ModelRegistry) r), cache, metrics,
                Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC), loaded);
        return last;
    }

    /** The model serving {@code slot}, loaded on demand as a request would; its lease given back at once. */
    private ServingModel model(ModelSlot of) {
        try (ModelLease lease = last.lease(of).orElseThrow()) {
            return lease.model();
        }
    }

    private Path artifact(String name, String level) {
        Path dir = tmp.resolve("artifacts").resolve(name);
        ModelArtifacts.save(new StubModel(level, 0.5), dir);
        return dir;
    }

    private double level() {
        return ((ConstantModel) model(slot).model()).level;
    }

    @Test
    void startsOnTheProductionVersionAndPinsItInTheCache() {
        registry.add(W, "v1", artifact("a", "10"));
        registry.promote(W, "v1", "test");
        updater(Optional.of(registry)).initial(slot);
        assertThat(slot.current().orElseThrow().version()).isEqualTo("v1");
        assertThat(level()).isEqualTo(10);
        assertThat(slot.state().ready()).isTrue();
        assertThat(cache.pinned(W)).contains("v1");
        assertThat(meters.find("prescient.model.info").tags("workload", W, "version", "v1").gauge()).isNotNull();
    }

    @Test
    void restartServesThePinnedVersionFromDiskWhileTheRegistryIsDown() {
        registry.add(W, "v1", artifact("a", "10"));
        registry.promote(W, "v1", "test");
        updater(Optional.of(registry)).initial(new ModelSlot(W));
        registry.down = true;
        updater(Optional.of(registry)).initial(slot);
        assertThat(slot.current().orElseThrow().version()).isEqualTo("v1");
        assertThat(registry.downloads).containsExactly(W + " v1");
    }

    @Test
    void swapsToANewlyPromotedVersionAndRetiresTheOldOne() {
        registry.add(W, "v1", artifact("a", "10"));
        registry.add(W, "v2", artifact("b", "20"));
        registry.promote(W, "v1", "test");
        ModelUpdater updater = updater(Optional.of(registry));
        updater.initial(slot);
        ConstantModel first = (ConstantModel) model(slot).model();
        updater.refresh(slot);
        assertThat(slot.current().orElseThrow().version()).isEqualTo("v1");
        registry.promote(W, "v2", "better");
        updater.refresh(slot);
        assertThat(slot.current().orElseThrow().version()).isEqualTo("v2");
        assertThat(first.closed).as("the replaced model, no longer leased, is closed").isTrue();
        assertThat(loaded.peek(W).orElseThrow().version()).as("loaded, since v1 was").isEqualTo("v2");
        assertThat(level()).isEqualTo(20);
        assertThat(built).hasValue(2);
        assertThat(cache.pinned(W)).contains("v2");
        assertThat(meters.find("prescient.model.info").tags("version", "v1").gauge()).isNull();
        assertThat(meters.find("prescient.model.info").tags("version", "v2").gauge()).isNotNull();
    }

    @Test
    void refusesACorruptVersionCountsItAndKeepsTheOldOne() throws IOException {
        registry.add(W, "v1", artifact("a", "10"));
        Path corrupt = artifact("b", "20");
        Files.writeString(corrupt.resolve(ModelArtifacts.PARAMETERS_FILE), "21");
        registry.add(W, "v2", corrupt);
        registry.promote(W, "v1", "test");
        ModelUpdater updater = updater(Optional.of(registry));
        updater.initial(slot);
        ConstantModel first = (ConstantModel) model(slot).model();
        registry.promote(W, "v2", "corrupt");
        updater.refresh(slot);
        updater.refresh(slot);
        assertThat(slot.current().orElseThrow().version()).isEqualTo("v1");
        assertThat(first.closed).isFalse();
        assertThat(model(slot).model()).isSameAs(first);
        assertThat(metrics.loadFailures(W)).isEqualTo(2);
        assertThat(slot.state().lastError()).get().asString().contains("cannot load model shop/api v2")
                .contains("sha256 mismatch");
        assertThat(tmp.resolve("cache/shop/api/v2")).doesNotExist();
    }

    @Test
    void noProductionVersionFallsBackExplicitly() {
        registry.add(W, "v1", artifact("a", "10"));
        registry.promote(W, "v1", "test");
        ModelUpdater updater = updater(Optional.of(registry));
        updater.initial(slot);
        ConstantModel first = (ConstantModel) model(slot).model();
        registry.archiveAll(W);
        updater.refresh(slot);
        assertThat(slot.current()).isEmpty();
        assertThat(slot.state().fallbackReason()).contains(ModelUpdater.NO_PRODUCTION);
        assertThat(first.closed).isTrue();
        assertThat(loaded.size()).isZero();
        assertThat(last.lease(slot)).isEmpty();
    }

    @Test
    void registryDownAtFirstStartIsAnExplicitFallbackSoReadinessCanTurnUp() {
        registry.down = true;
        updater(Optional.of(registry)).initial(slot);
        assertThat(slot.state().ready()).isTrue();
        assertThat(slot.current()).isEmpty();
        assertThat(slot.state().fallbackReason()).get().asString()
                .startsWith("no model could be loaded: cannot ask the registry").contains("connection refused");
    }

    static final Sizing SIZING = new Sizing(1.0, 5, 3, Optional.of(new Sizing.Floor(
            new Headroom(0.8, 60, 5, Map.of(0, 2.4)), 3, 0)), new Sizing.Reactive(0.75, 5),
            new Sizing.Calibration(1440, 0.9, 0.97, 120, 140, 600, true));

    /** An artifact with {@code sizing.json}, sealed by {@code checksums.sha256} as the trainer writes it. */
    private Path artifactWithSizing(String name, String level, String sizingJson) throws IOException {
        Path dir = artifact(name, level);
        Files.writeString(dir.resolve("sizing.json"), sizingJson);
        ModelArtifacts.seal(dir);
        return dir;
    }

    @Test
    void servesTheSizingOfAVersionWithItsModelAndNoneForAVersionWithout() throws IOException {
        registry.add(W, "v1", artifactWithSizing("a", "10", SizingJson.write(SIZING)));
        registry.add(W, "v2", artifact("b", "20"));
        registry.promote(W, "v1", "test");
        ModelUpdater updater = updater(Optional.of(registry));
        updater.initial(slot);
        assertThat(model(slot).sizing()).contains(SIZING);

        registry.down = true;
        ModelSlot restarted = new ModelSlot(W);
        loaded.clear();
        updater(Optional.of(registry)).initial(restarted);
        assertThat(model(restarted).sizing()).as("from the local cache").contains(SIZING);

        registry.down = false;
        registry.promote(W, "v2", "no sizing");
        updater.refresh(slot);
        assertThat(slot.current().orElseThrow().version()).isEqualTo("v2");
        assertThat(model(slot).sizing()).isEmpty();
    }

    static Stream<Arguments> unusableSizings() {
        return Stream.of(
                Arguments.of("{\"version\": 1}", true, "sizing.json is not a sizing this build reads: invalid sizing"),
                Arguments.of("not json", true, "sizing.json is not a sizing this build reads: sizing is not valid JSON"),
                Arguments.of("{\"version\": 9}", true, "sizing version 9 is not supported"),
                Arguments.of(SizingJson.write(SIZING), false, "sizing.json is not covered by checksums.sha256"));
    }

    @ParameterizedTest
    @MethodSource("unusableSizings")
    void refusesAVersionWhoseSizingIsUnusableCountsItAndKeepsTheOldOne(String sizing, boolean sealed, String error)
            throws IOException {
        registry.add(W, "v1", artifact("a", "10"));
        Path bad = artifact("b", "20");
        Files.writeString(bad.resolve("sizing.json"), sizing);
        if (sealed) {
            ModelArtifacts.seal(bad);
        }
        registry.add(W, "v2", bad);
        registry.promote(W, "v1", "test");
        ModelUpdater updater = updater(Optional.of(registry));
        updater.initial(slot);
        registry.promote(W, "v2", "bad sizing");

        updater.refresh(slot);

        assertThat(slot.current().orElseThrow().version()).isEqualTo("v1");
        assertThat(level()).isEqualTo(10);
        assertThat(built).as("v2 refused before any model was built").hasValue(1);
        assertThat(metrics.loadFailures(W)).isEqualTo(1);
        assertThat(slot.state().lastError()).get().asString().startsWith("cannot load model shop/api v2: ")
                .contains(error);
    }

    @Test
    void withoutRegistryEveryWorkloadFallsBack() {
        updater(Optional.empty()).initial(slot);
        assertThat(slot.state().ready()).isTrue();
        assertThat(slot.state().fallbackReason()).contains(ModelUpdater.NO_REGISTRY);
    }

    @Test
    void settlesTheVersionWithoutLoadingTheModelUntilARequestNeedsIt() {
        registry.add(W, "v1", artifact("a", "10"));
        registry.promote(W, "v1", "test");
        updater(Optional.of(registry)).initial(slot);
        assertThat(slot.current()).contains(new ProductionVersion("v1", "fake"));
        assertThat(built).as("nothing loaded at start-up").hasValue(0);
        assertThat(loaded.size()).isZero();

        assertThat(level()).isEqualTo(10);
        assertThat(level()).isEqualTo(10);
        assertThat(built).as("loaded once, on first use").hasValue(1);
        assertThat(loaded.peek(W)).isPresent();
    }

    @Test
    void aPromotionOfAWorkloadNotLoadedIsVerifiedButNotLoaded() throws IOException {
        registry.add(W, "v1", artifact("a", "10"));
        registry.add(W, "v2", artifact("b", "20"));
        Path corrupt = artifact("c", "30");
        Files.writeString(corrupt.resolve(ModelArtifacts.PARAMETERS_FILE), "31");
        registry.add(W, "v3", corrupt);
        registry.promote(W, "v1", "test");
        ModelUpdater updater = updater(Optional.of(registry));
        updater.initial(slot);

        registry.promote(W, "v2", "better");
        updater.refresh(slot);
        assertThat(slot.current().orElseThrow().version()).isEqualTo("v2");
        assertThat(built).hasValue(0);
        assertThat(cache.pinned(W)).contains("v2");

        registry.promote(W, "v3", "corrupt");
        updater.refresh(slot);
        assertThat(slot.current().orElseThrow().version()).as("refused though not loaded").isEqualTo("v2");
        assertThat(slot.state().lastError()).get().asString().contains("sha256 mismatch");
        assertThat(level()).isEqualTo(20);
    }

    @Test
    void aVersionThatFailsToLoadOnDemandFallsBackUntilTheRegistryIsAskedAgain() {
        registry.add(W, "v1", artifact("a", "not a number"));
        registry.promote(W, "v1", "test");
        ModelUpdater updater = updater(Optional.of(registry));
        updater.initial(slot);
        assertThat(slot.current()).isPresent();

        assertThatThrownBy(() -> updater.lease(slot)).isInstanceOf(ModelUnavailableException.class)
                .hasMessageStartingWith("cannot load model shop/api v1: ");
        assertThat(slot.current()).isEmpty();
        assertThat(slot.state().fallbackReason()).get().asString().startsWith("cannot load model shop/api v1: ");
        assertThat(metrics.loadFailures(W)).isEqualTo(1);
        assertThat(updater.lease(slot)).as("the fallback answers, no retry per request").isEmpty();
        assertThat(loaded.size()).isZero();

        updater.refresh(slot);
        assertThat(slot.current().orElseThrow().version()).as("offered again by the next check").isEqualTo("v1");
    }
}
