package dev.prescient.trainer.cli;

import dev.prescient.common.accuracy.DemotionSettings;
import dev.prescient.common.config.WorkloadConfigException;
import dev.prescient.common.forecast.ForecastException;
import dev.prescient.common.forecast.ForecasterRegistry;
import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.model.Slo;
import dev.prescient.common.policy.PolicySettings;
import dev.prescient.common.series.HistoryException;
import dev.prescient.common.series.TimeSeries;
import dev.prescient.trainer.backtest.Backtest;
import dev.prescient.trainer.backtest.BacktestOptions;
import dev.prescient.trainer.backtest.BacktestResult;
import dev.prescient.trainer.backtest.ForecastCache;
import dev.prescient.trainer.backtest.GrowthRamp;
import dev.prescient.trainer.backtest.PoissonThinning;
import dev.prescient.trainer.backtest.PrescientSetup;
import dev.prescient.trainer.backtest.ReportHtml;
import dev.prescient.trainer.backtest.ResultsJson;
import dev.prescient.trainer.backtest.ResultsTable;
import dev.prescient.trainer.backtest.ScaleInjection;
import dev.prescient.trainer.backtest.Signal;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Replays a trace or a workload's history through forecasters and scaling policies on a simulated cluster. */
@Command(name = "backtest", mixinStandardHelpOptions = true,
        description = "Replay a trace, or a workload's history from Prometheus, through the forecasters and scaling "
                + "policies on a simulated cluster, beside the emulated HPA at every target and scale-down window (the "
                + "tuned-HPA frontier); print a table and write results.json and report.html. A gap shorter than the "
                + "history is lived through (its minutes neither simulated nor costed); a longer one splits the trace "
                + "into segments, each simulated on its own.")
public class BacktestCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1", heading = "What to replay, a trace or a workload's history:%n")
    BacktestInput input;

    @Mixin
    PrometheusOptions prometheus;

    @Option(names = "--startup-delay", defaultValue = "3m", converter = DurationConverter.class,
            description = "Time from requesting a pod until it serves, whole minutes (default ${DEFAULT-VALUE}; "
                    + "with --workload, its startupDelay if set).")
    Duration startupDelay;

    @Option(names = "--capacity-per-pod", description = "Requests per minute one pod serves, per second with --workload "
            + "(default: trace mean / 10; with --workload, its capacityPerPod).")
    Double capacityPerPod;

    @Option(names = "--policies", split = ",", defaultValue = "oracle,hpa,seed-arima,seasonal-naive,holt-winters,prescient",
            description = "Policies to compare (default ${DEFAULT-VALUE}).")
    List<String> policies;

    @Option(names = "--prescient-forecaster", defaultValue = "lstm",
            description = "Forecaster behind the prescient policy (default ${DEFAULT-VALUE}).")
    String prescientForecaster;

    @Option(names = "--prescient-mode", defaultValue = "hpa-floor",
            description = "hpa-floor or replicas (default ${DEFAULT-VALUE}).")
    String prescientMode;

    @Option(names = "--slo", defaultValue = "" + Slo.DEFAULT_MAX_SHORT_MINUTES_PCT, paramLabel = "PCT",
            description = "The workload's SLO: at most PCT %% of minutes short of capacity; Prescient learns the rest "
                    + "of its sizing from the history at every refit (default ${DEFAULT-VALUE}).")
    double slo;

    @Option(names = "--decision-interval", converter = DurationConverter.class, defaultValue = "5m",
            description = "Time between two of Prescient's decisions, whole minutes: the actuator's "
                    + "prescient.actuator.interval (default ${DEFAULT-VALUE}, as shipped).")
    Duration decisionInterval;

    @Option(names = "--scale-up-max-percent", defaultValue = "100",
            description = "The actuator's scale-up limit: one decision raises to at most current × (1 + this / 100) "
                    + "or current + --scale-up-max-pods (default ${DEFAULT-VALUE}, as shipped).")
    int scaleUpMaxPercent;

    @Option(names = "--scale-up-max-pods", defaultValue = "4",
            description = "See --scale-up-max-percent (default ${DEFAULT-VALUE}, as shipped).")
    int scaleUpMaxPods;

    @Option(names = "--scale-down-stabilization", converter = DurationConverter.class, defaultValue = "5m",
            description = "The actuator's scale-down stabilisation window (default ${DEFAULT-VALUE}, as shipped).")
    Duration scaleDownStabilization;

    @Option(names = "--demotion", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Demote Prescient's forecasts while their live accuracy is poor, as the actuator does "
                    + "(default ${DEFAULT-VALUE}; --no-demotion turns it off).")
    boolean demotion;

    @Option(names = "--demotion-max-mase", defaultValue = "" + DemotionSettings.DEFAULT_MAX_MASE,
            description = "Demote when the judged window's MASE is above this (default ${DEFAULT-VALUE}).")
    double demotionMaxMase;

    @Option(names = "--demotion-min-p90-coverage", defaultValue = "" + DemotionSettings.DEFAULT_MIN_P90_COVERAGE,
            description = "Demote when the judged window's p90 coverage (0..1) is below this (default ${DEFAULT-VALUE}).")
    double demotionMinCoverage;

    @Option(names = "--demotion-window", defaultValue = "24h", converter = DurationConverter.class,
            description = "Window the demotion judges: 24h or 1h (default ${DEFAULT-VALUE}).")
    Duration demotionWindow;

    @Option(names = "--demotion-recover-after", defaultValue = "2h", converter = DurationConverter.class,
            description = "Re-enable after the accuracy has been within limits for this long (default ${DEFAULT-VALUE}).")
    Duration demotionRecoverAfter;

    @Option(names = "--inject-scale", paramLabel = "INSTANT:FACTOR",
            description = "Multiply the trace's demand from INSTANT on by FACTOR before anything sees it, e.g. "
                    + "2021-08-11T00:00:00Z:2 (a regime change); repeatable, factors multiply.")
    List<String> injectScale = List.of();

    @Option(names = "--grow-to", paramLabel = "FACTOR",
            description = "Multiply the replayed trace by a ramp rising linearly from 1 at its first minute to FACTOR "
                    + "at its last, before anything sees it (steady growth, e.g. 2; below 1 a steady decline).")
    Double growTo;

    @Option(names = "--report-from", description = "Also report every policy's figures from this ISO-8601 instant on "
            + "(default: the first --inject-scale instant).")
    Instant reportFrom;

    @Option(names = "--from", description = "Start of the replayed span of a --trace, ISO-8601 instant "
            + "(default: first sample).")
    Instant from;

    @Option(names = "--to", description = "End (exclusive) of the replayed span, ISO-8601 instant (default: the "
            + "trace's last sample; with --workload, now).")
    Instant to;

    @Option(names = "--signal", defaultValue = "raw",
            description = "What the policies, the HPA and the forecasters see: raw (the per-minute demand) or "
                    + "rate:WINDOW (its trailing mean, as rate(x[WINDOW]) returns it, e.g. rate:5m); the cluster always "
                    + "serves the raw demand (default ${DEFAULT-VALUE}).")
    String signal;

    @Option(names = "--slo-on", defaultValue = "signal", paramLabel = "signal|demand",
            description = "What Prescient's SLO is judged on when it learns the sizing: signal (what --signal shows, "
                    + "as for a workload without slo.demandQuery) or demand (the per-minute demand the cluster serves, "
                    + "as for a workload whose slo.demandQuery is a rate over 1m); the same with --signal raw "
                    + "(default ${DEFAULT-VALUE}).")
    String sloOn;

    @Option(names = "--history", defaultValue = "3d", converter = DurationConverter.class,
            description = "History each segment starts with: what the forecasters train on (at least 2d; 7d covers "
                    + "a weekly cycle) (default ${DEFAULT-VALUE}; with --workload, its history).")
    Duration history;

    @Option(names = "--min-replicas", defaultValue = "1",
            description = "The workload's lower bound, for every policy (default ${DEFAULT-VALUE}; with --workload, "
                    + "its minReplicas).")
    int minReplicas;

    @Option(names = "--max-replicas", defaultValue = "100",
            description = "The workload's upper bound, for every policy (default ${DEFAULT-VALUE}; with --workload, "
                    + "its maxReplicas).")
    int maxReplicas;

    @Option(names = "--thin-to", paramLabel = "MEAN",
            description = "Replace each minute's demand by a Poisson draw with mean value × MEAN / (trace mean), "
                    + "seeded by --seed: the trace as a small service of MEAN requests a minute would see it.")
    Double thinTo;

    @Option(names = "--thin-per", defaultValue = "minute", paramLabel = "minute|step",
            description = "Where --thin-to draws: every minute (a small service shaped like the trace), or at a "
                    + "coarser trace's own points, MEAN per step, interpolated between the draws (the trace as it "
                    + "would be recorded had it counted MEAN per step, e.g. a ticker of few mentions) (default "
                    + "${DEFAULT-VALUE}).")
    String thinPer;

    @Option(names = "--thin-visit-size", defaultValue = "1", paramLabel = "K",
            description = "With --thin-to: the requests come in visits of K on average (a page and its assets, a "
                    + "crawler's run), visits a Poisson draw and each visit's size geometric, so a minute's count "
                    + "varies (2K - 1) times as much as a plain Poisson draw of the same mean, as a web server's log "
                    + "does (default ${DEFAULT-VALUE}: every request on its own).")
    double thinVisitSize;

    @Option(names = "--forecast-cache", paramLabel = "DIR",
            description = "Keep every forecast in DIR and replay it when the same forecaster meets the same data and "
                    + "settings again: a second run with another policy setting skips the training.")
    Path forecastCache;

    @Option(names = "--out", defaultValue = "backtest-out", description = "Output directory (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed for forecasters that train (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        BacktestOptions options = options();
        checkThinning();
        Optional<GrowthRamp> growth = growthRamp();
        try {
            BacktestInput.Replay replay = input.read(spec, options, from, to, prometheus);
            TimeSeries series = replay.series();
            if (growth.isPresent()) {
                series = growth.get().apply(series);
            }
            if (thinTo != null) {
                series = PoissonThinning.thin(series, thinTo, seed, thinEvery(thinPer), thinVisitSize);
            }
            Backtest backtest = new Backtest(ForecasterRegistry.defaults(), new ProgressPrinter(err, "backtest"),
                    Optional.ofNullable(forecastCache).map(ForecastCache::new));
            BacktestResult result = backtest.run(replay.source(), series, replay.options());
            Files.createDirectories(out);
            ResultsJson.write(result, out.resolve("results.json"));
            ReportHtml.write(result, out.resolve("report.html"));
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.print(ResultsTable.render(result));
            growth.ifPresent(g -> stdout.printf("%n%s%n", g));
            stdout.printf("%nresults: %s%nreport:  %s%n", out.resolve("results.json").toAbsolutePath(),
                    out.resolve("report.html").toAbsolutePath());
            stdout.flush();
            return 0;
        } catch (HistoryException | ForecastException | IllegalArgumentException | UncheckedIOException
                 | WorkloadConfigException e) {
            err.println("backtest failed: " + e.getMessage());
            err.flush();
            return 1;
        } catch (IOException e) {
            err.println("backtest failed: cannot create output directory " + out + ": " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    private BacktestOptions options() {
        ScalingMode mode = ScalingMode.fromConfigName(prescientMode)
                .filter(m -> m != ScalingMode.DRY_RUN)
                .orElseThrow(() -> new ParameterException(spec.commandLine(), "Invalid value for option "
                        + "'--prescient-mode': '" + prescientMode + "'; use hpa-floor or replicas"));
        wholeMinutes("--startup-delay", startupDelay);
        wholeMinutes("--decision-interval", decisionInterval);
        if (decisionInterval.toMinutes() < 1) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--decision-interval': must be "
                    + "at least 1 minute, got " + decisionInterval.toMinutes() + "m");
        }
        wholeMinutes("--history", history);
        try {
            PrescientSetup setup = PrescientSetup.shipped(prescientForecaster).withMode(mode)
                    .withSlo(new Slo(slo, sloDemandQuery(sloOn)))
                    .withPolicy(policySettings())
                    .withDemotion(demotion ? Optional.of(new DemotionSettings(demotionMaxMase, demotionMinCoverage,
                            demotionWindow, DemotionSettings.DEFAULT_MIN_SCORED_FRACTION, demotionRecoverAfter))
                            : Optional.empty());
            List<ScaleInjection> injections = injectScale.stream().map(ScaleInjection::parse).toList();
            return new BacktestOptions(policies, (int) startupDelay.toMinutes(),
                    capacityPerPod == null ? OptionalDouble.empty() : OptionalDouble.of(capacityPerPod), setup, seed,
                    injections, Optional.ofNullable(reportFrom), Signal.parse(signal), (int) history.toMinutes(),
                    minReplicas, maxReplicas);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private Optional<GrowthRamp> growthRamp() {
        try {
            return Optional.ofNullable(growTo).map(GrowthRamp::new);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The actuator's policy settings: the shipped defaults unless an option says otherwise. */
    private PolicySettings policySettings() {
        PolicySettings d = PolicySettings.defaults().withDecisionInterval(decisionInterval)
                .withScaleDownStabilization(scaleDownStabilization);
        return new PolicySettings(d.decisionInterval(), d.scaleDownStabilization(), d.maxScaleDownStep(),
                scaleUpMaxPercent, scaleUpMaxPods, d.maxForecastAge(), d.holdOnFallback(), d.memoryLevelWindow(),
                d.maxForecastRatio());
    }

    private void wholeMinutes(String option, Duration value) {
        if (value.toSeconds() % 60 != 0) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': "
                    + value + " is not a whole number of minutes");
        }
    }

    /** {@code --slo-on}: the demand query the backtest's SLO stands for, empty for the signal. */
    private void checkThinning() {
        if (!thinPer.equals("minute") && !thinPer.equals("step")) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--thin-per': expected minute "
                    + "or step, got '" + thinPer + "'");
        }
        if (thinTo == null && spec.commandLine().getParseResult().hasMatchedOption("--thin-per")) {
            throw new ParameterException(spec.commandLine(), "--thin-per says where --thin-to draws; give "
                    + "--thin-to MEAN with it");
        }
        if (!(thinVisitSize >= 1) || Double.isInfinite(thinVisitSize)) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--thin-visit-size': "
                    + thinVisitSize + " requests a visit; give a number >= 1 (1: every request on its own)");
        }
        if (thinTo == null && spec.commandLine().getParseResult().hasMatchedOption("--thin-visit-size")) {
            throw new ParameterException(spec.commandLine(), "--thin-visit-size says how --thin-to draws; give "
                    + "--thin-to MEAN with it");
        }
    }

    /** Minutes between the thinning's draws: 1, or the trace's own step. */
    private int thinEvery(String per) {
        return per.equals("step") ? input.pointEveryMinutes() : 1;
    }

    private Optional<String> sloDemandQuery(String on) {
        return switch (on) {
            case "signal" -> Optional.empty();
            case "demand" -> Optional.of(Backtest.SERVED_DEMAND);
            default -> throw new ParameterException(spec.commandLine(), "Invalid value for option '--slo-on': "
                    + "expected signal or demand, got '" + on + "'");
        };
    }
}
