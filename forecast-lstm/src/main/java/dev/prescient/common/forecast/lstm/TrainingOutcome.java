package dev.prescient.common.forecast.lstm;

import java.time.Duration;

/**
 * How a training run ended.
 *
 * @param epochs epochs run
 * @param bestEpoch epoch whose parameters were kept (1-based)
 * @param bestValidationLoss pinball loss (p50 + p90, scaled units) of the kept parameters on validation
 * @param stopReason {@code early-stopping}, {@code max-epochs} or {@code time-limit}
 * @param elapsed wall-clock training time
 */
record TrainingOutcome(int epochs, int bestEpoch, double bestValidationLoss, String stopReason, Duration elapsed) {
}
