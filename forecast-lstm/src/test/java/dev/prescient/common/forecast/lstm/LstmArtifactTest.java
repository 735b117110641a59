package dev.prescient.common.forecast.lstm;

import static dev.prescient.common.forecast.lstm.SyntheticSeries.DAY;
import static dev.prescient.common.forecast.lstm.SyntheticSeries.STEP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.prescient.common.forecast.FittedModel;
import dev.prescient.common.forecast.ForecastSettings;
import dev.prescient.common.forecast.artifact.ModelArtifacts;
import dev.prescient.common.forecast.artifact.ModelLoadException;
import dev.prescient.common.forecast.artifact.ModelManifest;
import dev.prescient.common.series.TimeSeries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LstmArtifactTest {

    static final LstmConfig TINY = new LstmConfig(8, 16, 24, 64, 3, 3, 5e-3, 0.2, Duration.ofMinutes(2), 8);
    static final Clock CLOCK = Clock.fixed(Instant.parse("2024-03-08T01:02:03Z"), ZoneOffset.UTC);

    private final double[] values = SyntheticSeries.noisySine(4 * DAY, 5);
    private final TimeSeries history = SyntheticSeries.prefix(values, 3 * DAY);
    private LstmModel model;

    @BeforeAll
    void train() {
        model = new LstmForecaster(TINY).fit(history, ForecastSettings.daily(STEP, 6, 9));
    }

    @AfterAll
    void close() {
        model.close();
    }

    @Test
    void loadedModelForecastsExactlyAsTheSavedOne(@TempDir Path dir) {
        ModelArtifacts.save(model, dir);
        try (LstmModel loaded = LstmForecaster.load(dir)) {
            for (int origin = 3 * DAY; origin < 4 * DAY; origin += 37) {
                TimeSeries recent = SyntheticSeries.prefix(values, origin);
                assertThat(loaded.forecast(recent, 6)).isEqualTo(model.forecast(recent, 6));
            }
        }
    }

    @Test
    void manifestDescribesTheModel(@TempDir Path dir) {
        ModelManifest saved = ModelArtifacts.save(model, dir, m -> m.withWorkload("shop/api"), CLOCK);
        ModelManifest read = ModelArtifacts.readManifest(dir);
        assertThat(read).isEqualTo(saved);
        assertThat(read.formatVersion()).isEqualTo(2);
        assertThat(read.forecasterType()).isEqualTo("lstm");
        assertThat(read.workload()).isEqualTo("shop/api");
        assertThat(read.trainingFrom()).isEqualTo(history.start());
        assertThat(read.trainingTo()).isEqualTo(history.end());
        assertThat(read.step()).isEqualTo(STEP);
        assertThat(read.window()).isEqualTo(24);
        assertThat(read.horizon()).isEqualTo(6);
        assertThat(read.scaling()).containsOnlyKeys("reference", "mean", "std", "p90Offset");
        assertThat(read.hyperParameters()).containsEntry("hiddenSize", "8").containsEntry("seasonSteps", "288");
        assertThat(read.validationMetrics()).containsKey("lstm");
        assertThat(read.libraryVersions()).containsEntry("djl", "0.36.0").containsKey("pytorch");
        assertThat(read.createdAt()).isEqualTo(CLOCK.instant());
        assertThat(read.parametersSha256()).hasSize(64);
    }

    @Test
    void loadsThroughTheTypeRegistry(@TempDir Path dir) {
        ModelArtifacts.save(model, dir);
        try (FittedModel loaded = ModelArtifacts.load(dir, Map.of("lstm", new LstmModelLoader()))) {
            assertThat(loaded.type()).isEqualTo("lstm");
            assertThat(loaded.requiredHistorySteps()).isEqualTo(model.requiredHistorySteps());
        }
    }

    @Test
    void refusesParametersThatDoNotFitTheDescribedNetwork(@TempDir Path dir) throws Exception {
        ModelArtifacts.save(model, dir);
        rewriteManifest(dir, m -> {
            ((ObjectNode) m.get("hyperParameters")).put("hiddenSize", "9");
            return m;
        });
        assertThatThrownBy(() -> LstmForecaster.load(dir))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("cannot load lstm model from " + dir)
                .hasMessageContaining("parameters do not fit the network");
    }

    @Test
    void refusesArtifactOfAnotherType(@TempDir Path dir) throws Exception {
        ModelArtifacts.save(model, dir);
        rewriteManifest(dir, m -> m.put("forecasterType", "holt-winters"));
        assertThatThrownBy(() -> LstmForecaster.load(dir))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("it holds a holt-winters model, not lstm");
    }

    /** Edits the manifest and seals the directory again, so only the loader's own checks can refuse it. */
    private static void rewriteManifest(Path dir, UnaryOperator<ObjectNode> change) throws Exception {
        JsonMapper json = new JsonMapper();
        Path file = dir.resolve(ModelArtifacts.MANIFEST_FILE);
        ObjectNode tree = (ObjectNode) json.readTree(Files.readString(file));
        Files.writeString(file, json.writeValueAsString(change.apply(tree)));
        ModelArtifacts.seal(dir);
    }
}
