package dev.prescient.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prescient.common.forecast.ForecastSettings;
import dev.prescient.common.forecast.TestSeries;
import dev.prescient.common.forecast.artifact.ModelArtifacts;
import dev.prescient.common.forecast.artifact.ModelManifest;
import dev.prescient.common.forecast.artifact.ValidationMetrics;
import dev.prescient.common.series.TimeSeries;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelTrainingTest {

    @TempDir
    Path dir;

    @Test
    void validationWindowIsTheNewestFifthOfTheForecastWindows() {
        ForecastSettings s = ForecastSettings.daily(Duration.ofMinutes(1), 30, 1);
        // 4320 - 1440 - 30 + 1 = 2851 windows; ceil(0.2 x 2851) = 571 held out -> starts at 4320 - 30 - 571 + 1
        assertThat(ModelTraining.validationStart(4320, s)).isEqualTo(3720);
    }

    @Test
    void recordsTheModelAndEveryBaselineOnTheSameWindowInTheManifest() {
        // three "days" of 288 one-minute steps: a seasonal sine plus faster wiggles, small and quick to train
        int day = 288;
        TimeSeries history = TestSeries.generate(3 * day, t -> 100 + 40 * Math.sin(2 * Math.PI * t / day)
                + 10 * Math.sin(2 * Math.PI * t / 24) + ((t * 7919) % 13));
        ForecastSettings settings = new ForecastSettings(Duration.ofMinutes(1), 6, day, 7);
        try (TrainedModel trained = ModelTraining.standard().train("shop/api", "lstm", history, settings)) {
            Map<String, ValidationMetrics> v = trained.validation();
            assertThat(v.keySet()).containsExactly("lstm", "seasonal-naive", "holt-winters", "seed-arima");
            assertThat(v.values()).allSatisfy(m -> {
                assertThat(m.mae()).isPositive();
                assertThat(m.mase()).isPositive();
                assertThat(m.p90Coverage()).isBetween(0.0, 1.0);
            });
            // the series is periodic plus deterministic wiggles: the trained model beats the seed ARIMA clearly
            assertThat(v.get("lstm").mase()).isLessThan(v.get("seed-arima").mase());
            assertThat(trained.seconds()).isPositive();

            ModelManifest saved = ModelArtifacts.save(trained.model(), dir, trained.annotate(), java.time.Clock.systemUTC());
            ModelManifest read = ModelArtifacts.readManifest(dir);
            assertThat(read.workload()).isEqualTo("shop/api");
            assertThat(read.validationMetrics()).isEqualTo(saved.validationMetrics());
            assertThat(read.validationMetrics().get("holt-winters")).isEqualTo(v.get("holt-winters"));
        }
    }
}
