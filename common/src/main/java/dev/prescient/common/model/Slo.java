package dev.prescient.common.model;

/**
 * A workload's service-level objective, the one knob of its sizing: everything else is learnt from its history.
 *
 * @param maxShortMinutesPct at most this % of minutes with demand above ready capacity, in (0, 50]
 */
public record Slo(double maxShortMinutesPct) {

    public static final double DEFAULT_MAX_SHORT_MINUTES_PCT = 1.0;
    public static final Slo DEFAULT = new Slo(DEFAULT_MAX_SHORT_MINUTES_PCT);

    public Slo {
        if (!(maxShortMinutesPct > 0) || maxShortMinutesPct > 50) {
            throw new IllegalArgumentException("slo.maxShortMinutesPct must be in (0, 50], got " + maxShortMinutesPct);
        }
    }
}
