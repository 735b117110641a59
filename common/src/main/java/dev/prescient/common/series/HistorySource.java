package dev.prescient.common.series;

/**
 * Where a workload's past request rate comes from: Prometheus in production, a trace file in
 * benchmarks and the backtest. Implementations return an evenly stepped series whose gaps follow
 * the configured {@link GapPolicy}, or throw {@link HistoryException}.
 */
public interface HistorySource {

    /**
     * @throws HistoryException naming the query and the range when the history cannot be had
     */
    RegularSeries fetch(HistoryQuery query);
}
