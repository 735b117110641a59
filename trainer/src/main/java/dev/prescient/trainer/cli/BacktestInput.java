package dev.prescient.trainer.cli;

import dev.prescient.common.config.WorkloadConfigLoader;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.series.GapPolicy;
import dev.prescient.common.series.HistoryQuery;
import dev.prescient.common.series.HistorySource;
import dev.prescient.common.series.RegularSeries;
import dev.prescient.common.series.TimeSeries;
import dev.prescient.common.series.prometheus.PrometheusHistorySource;
import dev.prescient.common.series.prometheus.PrometheusSettings;
import dev.prescient.common.series.trace.TraceHistorySource;
import dev.prescient.trainer.backtest.BacktestOptions;
import dev.prescient.trainer.backtest.ReplaySource;
import dev.prescient.trainer.backtest.WorkloadHistory;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Function;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * What {@code backtest} replays, one of two (a picocli {@link ArgGroup}): a trace file ({@code --trace}), or one
 * workload's history read from Prometheus with the workload's own query ({@code --config}, {@code --workload},
 * {@code --days}). A workload's run takes the workload's capacityPerPod, minReplicas, maxReplicas, startupDelay
 * and history unless the matching option is given on the command line.
 */
public class BacktestInput {

    public static final int DEFAULT_DAYS = 14;

    @Option(names = "--trace", required = true,
            description = "Trace CSV with header timestamp,value (requests per minute).")
    Path trace;

    @ArgGroup(exclusive = false, multiplicity = "1")
    WorkloadSelection workload;

    /** Opens the history source for a workload; replaced in tests. */
    Function<PrometheusSettings, HistorySource> historySources = PrometheusHistorySource::create;

    /** {@code --workload} with its configuration and span. */
    static class WorkloadSelection {

        @Option(names = "--workload", required = true, paramLabel = "NAMESPACE/NAME",
                description = "Replay this workload's query from Prometheus (--prometheus-url) instead of a trace, "
                        + "with its capacityPerPod (C, requests/s), minReplicas, maxReplicas, startupDelay and "
                        + "history; an option given on the command line wins.")
        String key;

        @Option(names = "--config", required = true,
                description = "Workload configuration file (workloads.yaml) that holds --workload.")
        Path config;

        @Option(names = "--days", defaultValue = "" + DEFAULT_DAYS,
                description = "Days of the workload's history to replay, up to --to (default ${DEFAULT-VALUE}).")
        int days;
    }

    /**
     * What a backtest replays, read.
     *
     * @param source the trace or the workload and its query
     * @param series the demand at one minute, NaN in long gaps
     * @param options the options, sized for the workload when it is one
     */
    public record Replay(ReplaySource source, TimeSeries series, BacktestOptions options) {
    }

    /**
     * @param from start of the span, only for a trace
     * @param to end of the span (exclusive); for a workload, default now
     * @throws ParameterException when the options do not fit the input
     * @throws IllegalArgumentException naming the setting when the workload or the Prometheus settings are wrong
     */
    Replay read(CommandSpec spec, BacktestOptions options, Instant from, Instant to, PrometheusOptions prometheus) {
        if (workload == null) {
            return new Replay(new ReplaySource.TraceFile(trace.toString()), readTrace(from, to), options);
        }
        if (from != null) {
            throw new ParameterException(spec.commandLine(), "--from selects a span of a --trace; with --workload "
                    + "the span is the --days before --to");
        }
        if (workload.days < 1) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--days': "
                    + workload.days + "; replay at least one day");
        }
        WorkloadSpec selected = WorkloadConfigLoader.load(workload.config).get(workload.key);
        PrometheusSettings settings = prometheus.settings();
        Instant end = (to != null ? to : Instant.now()).truncatedTo(ChronoUnit.MINUTES);
        Instant start = end.minus(Duration.ofDays(workload.days));
        HistorySource history = historySources.apply(settings);
        try {
            return new Replay(WorkloadHistory.source(selected), WorkloadHistory.read(history, selected, start, end),
                    sizedFor(selected, options, spec.commandLine().getParseResult()));
        } finally {
            if (history instanceof AutoCloseable closeable) {
                closeQuietly(closeable);
            }
        }
    }

    /** The workload's sizes, except where the command line gives one. */
    private static BacktestOptions sizedFor(WorkloadSpec w, BacktestOptions options, ParseResult parsed) {
        double capacity = options.capacityPerPod().orElse(w.capacityPerPod());
        int startup = parsed.hasMatchedOption("--startup-delay") ? options.startupDelayMinutes()
                : w.startupDelay().map(BacktestInput::wholeMinutesUp).orElse(options.startupDelayMinutes());
        int history = parsed.hasMatchedOption("--history") ? options.historyMinutes() : wholeMinutesUp(w.history());
        int min = parsed.hasMatchedOption("--min-replicas") ? options.minReplicas() : w.minReplicas();
        int max = parsed.hasMatchedOption("--max-replicas") ? options.maxReplicas() : w.maxReplicas();
        return options.sizedFor(capacity, startup, history, min, max);
    }

    /** A pod that needs 90 s serves from its second minute on: the simulator counts whole minutes. */
    private static int wholeMinutesUp(Duration d) {
        return (int) ((d.toSeconds() + 59) / 60);
    }

    /**
     * Minutes between the replayed series' own points: a trace file's native step (at least 1), 1 for a workload's
     * history, which Prometheus gives at one minute. Where a thinning draws ({@code --thin-to}).
     */
    int pointEveryMinutes() {
        return workload == null ? pointEveryMinutes(trace) : 1;
    }

    static int pointEveryMinutes(Path trace) {
        return (int) Math.max(1, new TraceHistorySource(trace, GapPolicy.defaults()).nativeStep().toMinutes());
    }

    private TimeSeries readTrace(Instant from, Instant to) {
        return readTrace(trace, from, to);
    }

    /** A trace file at one-minute steps over [from, to) (null: its own ends), trimmed of edge gaps. */
    static TimeSeries readTrace(Path trace, Instant from, Instant to) {
        TraceHistorySource source = new TraceHistorySource(trace, GapPolicy.defaults());
        Duration minute = Duration.ofMinutes(1);
        RegularSeries regular;
        if (from == null && to == null) {
            regular = source.readAll(minute);
        } else {
            Instant start = from != null ? from : source.firstTimestamp();
            Instant end = to != null ? to : source.lastTimestamp().plus(source.nativeStep());
            regular = source.fetch(new HistoryQuery("", start, end, minute));
        }
        return withoutEdgeGaps(regular.series());
    }

    /** The span between the first and the last known minute: a coarse trace leaves a few unknown minutes at its edges. */
    private static TimeSeries withoutEdgeGaps(TimeSeries s) {
        int from = 0;
        int to = s.size();
        while (from < to && s.isGap(from)) {
            from++;
        }
        while (to > from && s.isGap(to - 1)) {
            to--;
        }
        return s.slice(from, to);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing the history client cannot change the backtest
        }
    }
}
