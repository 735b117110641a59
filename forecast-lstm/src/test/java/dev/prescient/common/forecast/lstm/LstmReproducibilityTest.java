package dev.prescient.common.forecast.lstm;

import static dev.prescient.common.forecast.lstm.SyntheticSeries.DAY;
import static dev.prescient.common.forecast.lstm.SyntheticSeries.STEP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.prescient.common.forecast.ForecastSettings;
import dev.prescient.common.forecast.artifact.ModelArtifacts;
import dev.prescient.common.series.TimeSeries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LstmReproducibilityTest {

    static final LstmConfig TINY = new LstmConfig(8, 16, 24, 64, 3, 3, 5e-3, 0.2, Duration.ofMinutes(2), 8);

    private final TimeSeries history = SyntheticSeries.series(SyntheticSeries.noisySine(3 * DAY, 3));

    @Test
    void sameSeedWritesByteIdenticalParameters(@TempDir Path dir) throws Exception {
        String first = trainAndSave(42, dir.resolve("a"));
        String second = trainAndSave(42, dir.resolve("b"));
        assertThat(second).isEqualTo(first);
        assertThat(Files.readAllBytes(dir.resolve("b").resolve(ModelArtifacts.PARAMETERS_FILE)))
                .isEqualTo(Files.readAllBytes(dir.resolve("a").resolve(ModelArtifacts.PARAMETERS_FILE)));
    }

    @Test
    void otherSeedWritesOtherParameters(@TempDir Path dir) {
        assertThat(trainAndSave(43, dir.resolve("c"))).isNotEqualTo(trainAndSave(42, dir.resolve("d")));
    }

    private String trainAndSave(long seed, Path dir) {
        try (LstmModel model = new LstmForecaster(TINY).fit(history, ForecastSettings.daily(STEP, 6, seed))) {
            String sha = ModelArtifacts.save(model, dir).parametersSha256();
            assertThat(sha).isEqualTo(ModelArtifacts.sha256(readParameters(dir)));
            return sha;
        }
    }

    private static byte[] readParameters(Path dir) {
        try {
            return Files.readAllBytes(dir.resolve(ModelArtifacts.PARAMETERS_FILE));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
