package dev.prescient.predictor.serving;

import java.util.Optional;

/** Where {@link ForecastService} gets each workload's model: the version serving, and the model on demand. */
public interface ModelSource {

    /** The version serving {@code workload}, without loading it; empty when the fallback answers. */
    Optional<String> version(String workload);

    /**
     * The serving model of {@code workload}, loaded first if it is not (which may evict the least recently used
     * one); empty when the fallback answers. The caller closes the lease once the forecast is made.
     *
     * @throws ModelUnavailableException when the serving version cannot be loaded (the workload then falls back)
     */
    Optional<ModelLease> lease(String workload);

    /** Whether {@link #lease} would load nothing or load without evicting another workload's model. */
    boolean leasableWithoutEviction(String workload);

    /** History steps the serving version needs, when known from loading it; 0 until then. */
    int requiredHistorySteps(String workload);
}
