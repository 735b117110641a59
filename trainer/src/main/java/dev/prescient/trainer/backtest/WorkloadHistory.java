package dev.prescient.trainer.backtest;

import dev.prescient.common.config.DurationParser;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.series.HistoryException;
import dev.prescient.common.series.HistoryQuery;
import dev.prescient.common.series.HistorySource;
import dev.prescient.common.series.TimeSeries;

import java.time.Duration;
import java.time.Instant;

/**
 * A workload's history as the backtest replays it: the workload's own query over a span, at one minute, through a
 * {@link HistorySource} (Prometheus). Short gaps are filled by the source's gap policy; long ones stay NaN, and the
 * backtest splits the span at them.
 */
public final class WorkloadHistory {

    /** The simulator works minute by minute. */
    public static final Duration STEP = Duration.ofMinutes(1);

    private WorkloadHistory() {
    }

    /** What {@code workload}'s history is called in the results: its key and its query. */
    public static ReplaySource.WorkloadQuery source(WorkloadSpec workload) {
        return new ReplaySource.WorkloadQuery(workload.key(), workload.query());
    }

    /**
     * @return requests per second at one minute from {@code from}, NaN in long gaps
     * @throws IllegalArgumentException when the workload's step is not one minute
     * @throws HistoryException naming the workload, the query and the range when the history cannot be read
     */
    public static TimeSeries read(HistorySource history, WorkloadSpec workload, Instant from, Instant to) {
        if (!workload.step().equals(STEP)) {
            throw new IllegalArgumentException("workload " + workload.key() + " has step "
                    + DurationParser.format(workload.step()) + "; the backtest simulates minute by minute and "
                    + "replays only workloads with step 1m");
        }
        try {
            return history.fetch(new HistoryQuery(workload.query(), from, to, STEP)).series();
        } catch (HistoryException e) {
            throw new HistoryException("cannot read the history of workload " + workload.key() + ": "
                    + e.getMessage(), e.isTransient(), e);
        }
    }
}
