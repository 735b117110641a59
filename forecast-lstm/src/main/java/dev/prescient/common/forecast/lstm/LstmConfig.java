package dev.prescient.common.forecast.lstm;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hyper-parameters of {@link LstmForecaster}.
 *
 * @param hiddenSize LSTM state size
 * @param headSize width of the dense layer that turns the LSTM state into the horizon
 * @param windowSteps steps of recent history the LSTM reads; 0 picks half an hour, at least 24 steps and at most 60
 * @param batchSize mini-batch size
 * @param maxEpochs upper bound on training epochs
 * @param patience epochs without validation improvement before training stops
 * @param learningRate Adam learning rate
 * @param validationFraction newest share of the training windows held out for early stopping and calibration
 * @param maxTrainingTime wall-clock bound on training; training stopped by it is not reproducible
 * @param weeklyFeaturesFromDays history (days) from which a day-of-week encoding is added
 */
public record LstmConfig(int hiddenSize, int headSize, int windowSteps, int batchSize, int maxEpochs, int patience,
                         double learningRate, double validationFraction, Duration maxTrainingTime,
                         int weeklyFeaturesFromDays) {

    public LstmConfig {
        requirePositive("hiddenSize", hiddenSize);
        requirePositive("headSize", headSize);
        requirePositive("batchSize", batchSize);
        requirePositive("maxEpochs", maxEpochs);
        requirePositive("patience", patience);
        requirePositive("weeklyFeaturesFromDays", weeklyFeaturesFromDays);
        if (windowSteps < 0) {
            throw new IllegalArgumentException("lstm windowSteps must be 0 (automatic) or positive, got " + windowSteps);
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("lstm learningRate must be positive, got " + learningRate);
        }
        if (!(validationFraction > 0 && validationFraction < 0.5)) {
            throw new IllegalArgumentException("lstm validationFraction must lie in (0, 0.5), got " + validationFraction);
        }
        if (maxTrainingTime.isZero() || maxTrainingTime.isNegative()) {
            throw new IllegalArgumentException("lstm maxTrainingTime must be positive, got " + maxTrainingTime);
        }
    }

    public static LstmConfig defaults() {
        return new LstmConfig(32, 64, 0, 64, 60, 10, 3e-3, 0.2, Duration.ofSeconds(20), 8);
    }

    public LstmConfig withMaxEpochs(int epochs) {
        return new LstmConfig(hiddenSize, headSize, windowSteps, batchSize, epochs, patience, learningRate,
                validationFraction, maxTrainingTime, weeklyFeaturesFromDays);
    }

    public LstmConfig withSizes(int hidden, int head) {
        return new LstmConfig(hidden, head, windowSteps, batchSize, maxEpochs, patience, learningRate,
                validationFraction, maxTrainingTime, weeklyFeaturesFromDays);
    }

    /** The window in steps for a series of {@code step}. */
    int resolveWindow(Duration step) {
        if (windowSteps > 0) {
            return windowSteps;
        }
        long perHalfHour = Duration.ofMinutes(30).toMillis() / step.toMillis();
        return (int) Math.max(24, Math.min(60, perHalfHour));
    }

    /** As written to a manifest. */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("hiddenSize", Integer.toString(hiddenSize));
        m.put("headSize", Integer.toString(headSize));
        m.put("windowSteps", Integer.toString(windowSteps));
        m.put("batchSize", Integer.toString(batchSize));
        m.put("maxEpochs", Integer.toString(maxEpochs));
        m.put("patience", Integer.toString(patience));
        m.put("learningRate", Double.toString(learningRate));
        m.put("validationFraction", Double.toString(validationFraction));
        m.put("maxTrainingTime", maxTrainingTime.toString());
        m.put("weeklyFeaturesFromDays", Integer.toString(weeklyFeaturesFromDays));
        return m;
    }

    /** Reads what {@link #toMap()} wrote; a missing or malformed key names itself. */
    public static LstmConfig fromMap(Map<String, String> m) {
        return new LstmConfig(intOf(m, "hiddenSize"), intOf(m, "headSize"), intOf(m, "windowSteps"),
                intOf(m, "batchSize"), intOf(m, "maxEpochs"), intOf(m, "patience"),
                Double.parseDouble(valueOf(m, "learningRate")), Double.parseDouble(valueOf(m, "validationFraction")),
                Duration.parse(valueOf(m, "maxTrainingTime")), intOf(m, "weeklyFeaturesFromDays"));
    }

    private static int intOf(Map<String, String> m, String key) {
        return Integer.parseInt(valueOf(m, key));
    }

    private static String valueOf(Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null) {
            throw new IllegalArgumentException("lstm hyper-parameter '" + key + "' is missing");
        }
        return v;
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("lstm " + name + " must be positive, got " + value);
        }
    }
}
