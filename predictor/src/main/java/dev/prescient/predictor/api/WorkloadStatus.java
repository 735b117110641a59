package dev.prescient.predictor.api;

import dev.prescient.common.api.ForecastResponse;
import java.time.Instant;

/**
 * One entry of {@code GET /workloads}.
 *
 * @param workload {@code <namespace>/<name>}
 * @param stepSeconds the series step
 * @param horizonSeconds the configured (and largest) horizon
 * @param state {@code loading}, {@code model} or {@code fallback}
 * @param source what answers forecasts now: {@code model} or {@code fallback:seasonal-naive}
 * @param model the production model serving, absent on fallback
 * @param modelLoaded whether the model is loaded in memory now (it is loaded on first use, and may be evicted)
 * @param modelLoadedAt when it was loaded, absent while it is not
 * @param fallbackReason why there is no model
 * @param lastError the newest load or registry failure since the last success
 * @param checkedAt when the registry was last asked successfully
 * @param accuracy live accuracy of the forecasts served over the last 24 h and 1 h; absent until first scored
 */
public record WorkloadStatus(String workload, long stepSeconds, long horizonSeconds, String state, String source,
                             ForecastResponse.ModelRef model, boolean modelLoaded, Instant modelLoadedAt, String fallbackReason,
                             String lastError, Instant checkedAt, WorkloadAccuracy accuracy) {
}
