package dev.prescient.common.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A workload's service-level objective, the one knob of its sizing: everything else is learnt from its history.
 *
 * @param maxShortMinutesPct at most this % of minutes with demand above ready capacity, in (0, 50]
 * @param demandQuery the PromQL whose one-minute values are the demand the SLO is judged on, when the workload's
 *     {@code query} smooths it (a {@code rate()} over 5 minutes hides the minute peaks the pods serve); empty: the
 *     SLO is judged on what {@code query} shows. Same unit as {@code query} and {@code capacityPerPod}.
 */
public record Slo(double maxShortMinutesPct, Optional<String> demandQuery) {

    public static final double DEFAULT_MAX_SHORT_MINUTES_PCT = 1.0;
    public static final Slo DEFAULT = new Slo(DEFAULT_MAX_SHORT_MINUTES_PCT);

    public Slo {
        Objects.requireNonNull(demandQuery, "demandQuery");
        if (!(maxShortMinutesPct > 0) || maxShortMinutesPct > 50) {
            throw new IllegalArgumentException("slo.maxShortMinutesPct must be in (0, 50], got " + maxShortMinutesPct);
        }
        if (demandQuery.isPresent() && demandQuery.get().isBlank()) {
            throw new IllegalArgumentException("slo.demandQuery must be a PromQL expression when given, got a blank");
        }
    }

    /** An SLO judged on what the workload's query shows. */
    public Slo(double maxShortMinutesPct) {
        this(maxShortMinutesPct, Optional.empty());
    }
}
