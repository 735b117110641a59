package dev.prescient.predictor.serving;

import dev.prescient.common.series.TimeSeries;
import java.time.Instant;

/**
 * History fetched for one workload and step.
 *
 * @param series evenly stepped, ending at {@code stepStart} (exclusive)
 * @param fetchedAt when it came from the source
 */
public record CachedHistory(TimeSeries series, Instant fetchedAt) {
}
