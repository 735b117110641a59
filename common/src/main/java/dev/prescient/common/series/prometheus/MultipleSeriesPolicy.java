package dev.prescient.common.series.prometheus;

/** What to do when a history query returns more than one series (label set). */
public enum MultipleSeriesPolicy {
    /** Add the series step by step, as PromQL {@code sum()} would. */
    SUM,
    /** Refuse, naming the label sets, so the query can be aggregated on purpose. */
    ERROR
}
