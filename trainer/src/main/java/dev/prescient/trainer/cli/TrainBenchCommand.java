package dev.prescient.trainer.cli;

import dev.prescient.common.forecast.FittedModel;
import dev.prescient.common.forecast.ForecastException;
import dev.prescient.common.forecast.ForecastSettings;
import dev.prescient.common.forecast.ForecasterRegistry;
import dev.prescient.common.forecast.artifact.ValidationMetrics;
import dev.prescient.common.series.GapPolicy;
import dev.prescient.common.series.HistoryException;
import dev.prescient.common.series.TimeSeries;
import dev.prescient.common.series.trace.TraceHistorySource;
import dev.prescient.trainer.training.ModelTraining;
import dev.prescient.trainer.training.TrainedModel;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Measures what the CronJob pays per workload: wall time of training plus validation against the
 * baselines on 3-day windows of a trace, and in-process forecast latency after warm-up, next to the
 * seasonal-naive baseline's latency measured in the same run.
 */
@Command(name = "train-bench", mixinStandardHelpOptions = true,
        description = "Time training (with validation against the baselines) and forecasting on windows of a trace.")
public class TrainBenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--trace", required = true, description = "Trace CSV with header timestamp,value.")
    Path trace;

    @Option(names = "--step", defaultValue = "1m", converter = DurationConverter.class, description = "Series step (default ${DEFAULT-VALUE}).")
    Duration step;

    @Option(names = "--history", defaultValue = "3d", converter = DurationConverter.class, description = "Training history (default ${DEFAULT-VALUE}).")
    Duration history;

    @Option(names = "--horizon", defaultValue = "30m", converter = DurationConverter.class, description = "Forecast horizon (default ${DEFAULT-VALUE}).")
    Duration horizon;

    @Option(names = "--runs", defaultValue = "5", description = "Trainings, on windows one day apart (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--forecaster", defaultValue = "lstm", description = "Forecaster to train (default ${DEFAULT-VALUE}).")
    String forecaster;

    @Option(names = "--forecasts", defaultValue = "10000", description = "Timed forecast calls (default ${DEFAULT-VALUE}).")
    int forecasts;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            TimeSeries series = new TraceHistorySource(trace, GapPolicy.defaults()).readAll(step).series();
            int historySteps = (int) (history.toMillis() / step.toMillis());
            int horizonSteps = (int) (horizon.toMillis() / step.toMillis());
            int day = (int) (Duration.ofDays(1).toMillis() / step.toMillis());
            ForecastSettings settings = ForecastSettings.daily(step, horizonSteps, seed);
            ModelTraining training = ModelTraining.standard();
            double[] seconds = new double[runs];
            TrainedModel last = null;
            out.printf(Locale.ROOT, "%-4s %-22s %9s %9s %9s %9s%n", "run", "history ends", "seconds", "MASE",
                    "sn MASE", "p90 cov");
            for (int r = 0; r < runs; r++) {
                int end = historySteps + r * day;
                if (end + horizonSteps > series.size()) {
                    throw new IllegalArgumentException("trace " + trace + " is too short for " + runs + " runs");
                }
                if (last != null) {
                    last.close();
                }
                last = training.train(null, forecaster, series.slice(end - historySteps, end), settings);
                seconds[r] = last.seconds();
                ValidationMetrics own = last.own();
                out.printf(Locale.ROOT, "%-4d %-22s %9.2f %9.3f %9.3f %8.1f%%%n", r + 1, series.timeAt(end),
                        seconds[r], own.mase(), last.validation().get("seasonal-naive").mase(), 100 * own.p90Coverage());
                out.flush();
            }
            out.printf(Locale.ROOT, "training+validation seconds: mean %.2f, max %.2f%n",
                    Arrays.stream(seconds).average().orElse(Double.NaN), Arrays.stream(seconds).max().orElse(Double.NaN));
            TimeSeries recent = series.slice(historySteps + (runs - 1) * day - historySteps, historySteps + (runs - 1) * day);
            double[] model = latency(last.model(), recent, horizonSteps);
            try (FittedModel baseline = ForecasterRegistry.defaults().get("seasonal-naive").fit(recent, settings)) {
                double[] reference = latency(baseline, recent, horizonSteps);
                out.printf(Locale.ROOT, "forecast latency %-14s p50 %.3f ms  p99 %.3f ms%n", forecaster, model[0], model[1]);
                out.printf(Locale.ROOT, "forecast latency %-14s p50 %.3f ms  p99 %.3f ms  (ratio p99 %.1fx)%n",
                        "seasonal-naive", reference[0], reference[1], model[1] / reference[1]);
            }
            last.close();
            out.flush();
            return 0;
        } catch (ForecastException | HistoryException | IllegalArgumentException e) {
            err.println("train-bench failed: " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    /** p50 and p99 in milliseconds of {@link #forecasts} calls after as many warm-up calls (at most 2,000). */
    private double[] latency(FittedModel model, TimeSeries recent, int horizonSteps) {
        for (int i = 0; i < Math.min(2000, forecasts); i++) {
            model.forecast(recent, horizonSteps);
        }
        long[] nanos = new long[forecasts];
        for (int i = 0; i < forecasts; i++) {
            long t = System.nanoTime();
            model.forecast(recent, horizonSteps);
            nanos[i] = System.nanoTime() - t;
        }
        Arrays.sort(nanos);
        return new double[] {nanos[forecasts / 2] / 1e6, nanos[(int) Math.min(forecasts - 1, forecasts * 0.99)] / 1e6};
    }
}
