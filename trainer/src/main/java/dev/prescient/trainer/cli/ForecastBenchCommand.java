package dev.prescient.trainer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.prescient.common.forecast.ForecastException;
import dev.prescient.common.forecast.ForecastSettings;
import dev.prescient.common.forecast.ForecasterRegistry;
import dev.prescient.common.forecast.eval.EvaluationListener;
import dev.prescient.common.forecast.eval.ForecasterScore;
import dev.prescient.common.forecast.eval.RollingOriginEvaluator;
import dev.prescient.common.forecast.eval.RollingOriginSchedule;
import dev.prescient.common.series.GapPolicy;
import dev.prescient.common.series.HistoryException;
import dev.prescient.common.series.HistoryQuery;
import dev.prescient.common.series.RegularSeries;
import dev.prescient.common.series.trace.TraceHistorySource;
import dev.prescient.common.series.TimeSeries;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Compares forecasters on a trace with the rolling-origin protocol: prints an aligned table to
 * standard output, progress to standard error, and optionally writes the figures as JSON.
 */
@Command(name = "forecast-bench", mixinStandardHelpOptions = true,
        description = "Rolling-origin benchmark of forecasters on a trace CSV (timestamp,value).")
public class ForecastBenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--trace", required = true, description = "Trace CSV with header timestamp,value.")
    Path trace;

    @Option(names = "--step", defaultValue = "1m", converter = DurationConverter.class,
            description = "Series step (default ${DEFAULT-VALUE}); 5m for the NAB traces.")
    Duration step;

    @Option(names = "--history", defaultValue = "3d", converter = DurationConverter.class,
            description = "History each origin sees and each refit trains on (default ${DEFAULT-VALUE}).")
    Duration history;

    @Option(names = "--horizon", defaultValue = "30m", converter = DurationConverter.class,
            description = "How far each origin forecasts (default ${DEFAULT-VALUE}).")
    Duration horizon;

    @Option(names = "--origin-every", defaultValue = "5m", converter = DurationConverter.class,
            description = "Time between forecast origins (default ${DEFAULT-VALUE}).")
    Duration originEvery;

    @Option(names = "--refit-every", defaultValue = "24h", converter = DurationConverter.class,
            description = "Time between refits (default ${DEFAULT-VALUE}).")
    Duration refitEvery;

    @Option(names = "--forecasters", split = ",",
            description = "Forecaster types to compare (default: every registered one, the baselines and lstm).")
    List<String> forecasters;

    @Option(names = "--json", description = "Also write the figures to this JSON file.")
    Path json;

    @Option(names = "--from", description = "Start of the evaluated range, ISO-8601 instant (default: first sample).")
    Instant from;

    @Option(names = "--to", description = "End (exclusive) of the evaluated range, ISO-8601 instant (default: last sample).")
    Instant to;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed for forecasters that train (default ${DEFAULT-VALUE}).")
    long seed;

    private final ForecasterRegistry registry = ForecasterRegistry.defaults();

    @Override
    public Integer call() {
        RollingOriginSchedule schedule = new RollingOriginSchedule(steps(history, "--history"),
                steps(horizon, "--horizon"), steps(originEvery, "--origin-every"), steps(refitEvery, "--refit-every"));
        for (String type : forecasterTypes()) {
            try {
                registry.get(type);
            } catch (ForecastException e) {
                throw new ParameterException(spec.commandLine(), "Invalid value for option '--forecasters': "
                        + e.getMessage());
            }
        }
        PrintWriter err = spec.commandLine().getErr();
        try {
            BenchReport report = run(schedule, err);
            spec.commandLine().getOut().print(report.table());
            spec.commandLine().getOut().flush();
            if (json != null) {
                writeJson(report);
            }
            return 0;
        } catch (ForecastException | HistoryException | IllegalArgumentException | UncheckedIOException e) {
            err.println("forecast-bench failed: " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    private BenchReport run(RollingOriginSchedule schedule, PrintWriter err) {
        RegularSeries regular = readTrace();
        TimeSeries series = regular.series();
        err.printf(Locale.ROOT, "forecast-bench: %s, %d steps of %s from %s, %s%n", trace, series.size(), step,
                series.start(), regular.quality());
        ForecastSettings settings = ForecastSettings.daily(step, schedule.horizonSteps(), seed);
        RollingOriginEvaluator evaluator = new RollingOriginEvaluator(schedule, settings);
        List<ForecasterScore> results = new ArrayList<>();
        for (String type : forecasterTypes()) {
            err.printf(Locale.ROOT, "forecast-bench: evaluating %s%n", type);
            err.flush();
            results.add(evaluator.evaluate(series, registry.get(type), new ProgressPrinter(err, "forecast-bench")));
        }
        return new BenchReport(trace.toString(), series.start(), series.end(), step, series.size(),
                series.gapCount(), settings.seasonSteps(), schedule.historySteps(), schedule.horizonSteps(),
                schedule.originEvery(), schedule.refitEvery(), results);
    }

    /** The types given with {@code --forecasters}, or every registered one: the product's LSTM beside the baselines. */
    List<String> forecasterTypes() {
        return forecasters != null ? forecasters : registry.types();
    }

    private RegularSeries readTrace() {
        TraceHistorySource source = new TraceHistorySource(trace, GapPolicy.defaults());
        if (from == null && to == null) {
            return source.readAll(step);
        }
        Instant start = from != null ? from : source.firstTimestamp();
        Instant end = to != null ? to : source.lastTimestamp().plus(source.nativeStep());
        return source.fetch(new HistoryQuery("", start, end, step));
    }

    private int steps(Duration d, String option) {
        long stepMs = step.toMillis();
        if (d.toMillis() <= 0 || d.toMillis() % stepMs != 0) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': " + d
                    + " is not a positive whole number of steps of " + step);
        }
        return Math.toIntExact(d.toMillis() / stepMs);
    }

    private void writeJson(BenchReport report) {
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .enable(SerializationFeature.INDENT_OUTPUT);
        try {
            mapper.writeValue(json.toFile(), report);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write benchmark JSON " + json + ": " + e.getMessage(), e);
        }
    }
}
