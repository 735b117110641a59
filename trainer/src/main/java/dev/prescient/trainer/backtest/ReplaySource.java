package dev.prescient.trainer.backtest;

import java.util.Objects;

/** What a backtest replays: a trace file, or one workload's history read from Prometheus with its own query. */
public sealed interface ReplaySource permits ReplaySource.TraceFile, ReplaySource.WorkloadQuery {

    /** A short name for a page title: the file name or the workload's key. */
    String title();

    /** One line naming what was replayed, for the table, the report and error messages. */
    String describe();

    /** The unit of the demand and so of C. */
    String unit();

    /** A trace CSV of requests per minute. */
    record TraceFile(String path) implements ReplaySource {

        public TraceFile {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String title() {
            int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
            return path.substring(slash + 1);
        }

        @Override
        public String describe() {
            return "trace " + path;
        }

        @Override
        public String unit() {
            return "requests/min";
        }
    }

    /**
     * A workload's query as Prometheus answered it: requests per second, as the workload configuration defines it.
     *
     * @param workload the workload's key, {@code namespace/name}
     * @param query its PromQL
     */
    record WorkloadQuery(String workload, String query) implements ReplaySource {

        public WorkloadQuery {
            Objects.requireNonNull(workload, "workload");
            Objects.requireNonNull(query, "query");
        }

        @Override
        public String title() {
            return workload;
        }

        @Override
        public String describe() {
            return "workload " + workload + " (" + query + ")";
        }

        @Override
        public String unit() {
            return "requests/s";
        }
    }
}
