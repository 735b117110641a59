package dev.prescient.predictor.testing;

import dev.prescient.common.forecast.ForecastSettings;
import dev.prescient.common.forecast.artifact.ModelArtifacts;
import dev.prescient.common.forecast.lstm.LstmConfig;
import dev.prescient.common.forecast.lstm.LstmForecaster;
import dev.prescient.common.forecast.lstm.LstmModel;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.UnaryOperator;

/**
 * Trains a small real LSTM in a few seconds (8 hidden units, 3 epochs) on three days of
 * {@link DailyLoad} at 5-minute steps and saves it as a registry artifact, exactly as the trainer does.
 */
public final class TinyLstm {

    public static final LstmConfig CONFIG = new LstmConfig(8, 16, 24, 64, 3, 3, 5e-3, 0.2, Duration.ofMinutes(2), 8);
    /** Steps of the horizon the models are trained for: 30 minutes. */
    public static final int HORIZON_STEPS = 6;

    private TinyLstm() {
    }

    /**
     * @param seed training seed and noise seed; different seeds give different parameters and versions
     * @param createdAt the manifest's creation time, which the registry version id is made from
     */
    public static Path trainAndSave(Path dir, long seed, Instant createdAt) {
        Instant end = Instant.parse("2026-11-20T00:00:00Z");
        ForecastSettings settings = ForecastSettings.daily(DailyLoad.STEP, HORIZON_STEPS, seed);
        try (LstmModel model = new LstmForecaster(CONFIG).fit(DailyLoad.series(end, 3, seed), settings)) {
            ModelArtifacts.save(model, dir, UnaryOperator.identity(), Clock.fixed(createdAt, ZoneOffset.UTC));
        }
        return dir;
    }
}
