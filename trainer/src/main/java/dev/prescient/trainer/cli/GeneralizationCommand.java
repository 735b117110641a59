package dev.prescient.trainer.cli;

import dev.prescient.common.forecast.ForecasterRegistry;
import dev.prescient.common.model.Slo;
import dev.prescient.common.policy.PolicySettings;
import dev.prescient.common.series.TimeSeries;
import dev.prescient.trainer.backtest.Backtest;
import dev.prescient.trainer.backtest.BacktestOptions;
import dev.prescient.trainer.backtest.BacktestResult;
import dev.prescient.trainer.backtest.ForecastCache;
import dev.prescient.trainer.backtest.HpaFrontier;
import dev.prescient.trainer.backtest.PoissonThinning;
import dev.prescient.trainer.backtest.PolicyResult;
import dev.prescient.trainer.backtest.PrescientSetup;
import dev.prescient.trainer.backtest.ResultsJson;
import dev.prescient.trainer.backtest.Scenario;
import dev.prescient.trainer.backtest.Signal;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Judges the shipped prescient policy on a varied set of real traffic at once, the way a sizing change must be
 * judged: every trace the project ships, the Twitter trace as Prometheus' 5-minute rate and thinned to a small
 * service, the NAB tweet volumes at their 5-minute step, the NYC taxi series with a week of history, as a small web
 * service and as a web server's log with visits and an outage. One line per trace: Prescient against the tuned-HPA
 * frontier at its cost, its churn against the HPA's, and its U against the SLO.
 */
@Command(name = "generalization", mixinStandardHelpOptions = true,
        description = "Backtest the shipped prescient policy on every shipped trace (and its rate, thinned and "
                + "week-history, small-service and web-log variants) and print one table against the tuned-HPA "
                + "frontier.")
public class GeneralizationCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--traces", defaultValue = "data/traces", description = "Folder of the traces (default ${DEFAULT-VALUE}).")
    Path traces;

    @Option(names = "--only", split = ",", description = "Run only these cases (names as printed).")
    List<String> only = List.of();

    @Option(names = "--slo", defaultValue = "" + Slo.DEFAULT_MAX_SHORT_MINUTES_PCT,
            description = "The SLO, %% of minutes short (default ${DEFAULT-VALUE}).")
    double slo;

    @Option(names = "--decision-interval", converter = DurationConverter.class, defaultValue = "5m",
            description = "The actuator's decision interval (default ${DEFAULT-VALUE}, as shipped).")
    Duration decisionInterval;

    @Option(names = "--startup-delay", converter = DurationConverter.class, defaultValue = "3m",
            description = "D, whole minutes (default ${DEFAULT-VALUE}).")
    Duration startupDelay;

    @Option(names = "--prescient-forecaster", defaultValue = "lstm",
            description = "Forecaster behind the prescient policy (default ${DEFAULT-VALUE}).")
    String forecaster;

    @Option(names = "--forecast-cache", paramLabel = "DIR",
            description = "Keep the forecasts in DIR and replay them on the next run (see backtest --forecast-cache).")
    Path forecastCache;

    @Option(names = "--out", defaultValue = "generalization-out",
            description = "Folder for each case's results.json (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    /**
     * One trace of the set, with how it is read; {@code from}/{@code to} null = the whole file; {@code visitSize} the
     * thinning's mean requests a visit (1: plain Poisson); {@code outage} null = none.
     */
    record Case(String name, String file, Signal signal, Double thinTo, int historyDays, Instant from, Instant to,
            double visitSize, Outage outage) {

        Case(String name, String file, Signal signal, Double thinTo, int historyDays) {
            this(name, file, signal, thinTo, historyDays, null, null);
        }

        Case(String name, String file, Signal signal, Double thinTo, int historyDays, Instant from, Instant to) {
            this(name, file, signal, thinTo, historyDays, from, to, 1, null);
        }
    }

    /** Minutes the service was down and logged nothing: points missing from the trace, as a gap in Prometheus. */
    record Outage(Instant from, Duration length) {

        TimeSeries applyTo(TimeSeries s) {
            double[] v = s.values();
            long first = Math.max(0, s.indexOf(from));
            long end = Math.min(v.length, s.indexOf(from.plus(length)));
            for (long i = first; i < end; i++) {
                v[(int) i] = Double.NaN;
            }
            return new TimeSeries(s.start(), s.step(), v);
        }
    }

    static List<Case> cases() {
        return List.of(
                new Case("twitter", "twitter-2021-08-per-minute.csv", Signal.RAW, null, 3),
                new Case("twitter-rate5m", "twitter-2021-08-per-minute.csv", Signal.parse("rate:5m"), null, 3),
                new Case("twitter-thin40", "twitter-2021-08-per-minute.csv", Signal.RAW, 40.0, 3),
                new Case("nab-aapl", "nab-Twitter_volume_AAPL.csv", Signal.RAW, null, 3),
                new Case("nab-amzn", "nab-Twitter_volume_AMZN.csv", Signal.RAW, null, 3),
                new Case("nab-fb", "nab-Twitter_volume_FB.csv", Signal.RAW, null, 3),
                new Case("nab-goog", "nab-Twitter_volume_GOOG.csv", Signal.RAW, null, 3),
                // two months with a week of history, Thanksgiving included: the whole seven months at one-minute
                // steps take hours of training on two cores
                new Case("nyc-taxi", "nab-nyc_taxi.csv", Signal.RAW, null, 7, Instant.parse("2014-10-01T00:00:00Z"),
                        Instant.parse("2014-12-01T00:00:00Z")),
                // a small web service with a daily and weekly cycle: the taxi demand's shape at about 10 requests a
                // minute, each minute a Poisson draw, with the default 3-day history
                new Case("nyc-taxi-thin10", "nab-nyc_taxi.csv", Signal.RAW, 10.0, 3,
                        Instant.parse("2014-10-01T00:00:00Z"), Instant.parse("2014-11-01T00:00:00Z")),
                // a public web server's access log: the taxi demand's shape over two months at 41 requests a minute,
                // in visits of 6 requests on average (a page and its assets), so its minutes are far noisier than
                // Poisson, with the default 3-day history and a 37-hour outage that logged nothing
                new Case("nyc-taxi-web41", "nab-nyc_taxi.csv", Signal.RAW, 41.0, 3,
                        Instant.parse("2014-10-01T00:00:00Z"), Instant.parse("2014-12-01T00:00:00Z"), 6,
                        new Outage(Instant.parse("2014-10-15T10:00:00Z"), Duration.ofHours(37))));
    }

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Backtest backtest = new Backtest(ForecasterRegistry.defaults(), new ProgressPrinter(err, "generalization"),
                Optional.ofNullable(forecastCache).map(ForecastCache::new));
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%-16s %6s %6s %6s | %7s %7s | %6s %6s | %7s %7s | %-9s %-6s %-10s %s",
                "trace", "U %", "Drop %", "Cost", "HPA U", "HPA Drop", "dU %", "dDrop %", "chg/day", "hpa c/d",
                "frontier", "churn", "U/SLO", "least U %"));
        for (Case c : cases()) {
            if (!only.isEmpty() && !only.contains(c.name())) {
                continue;
            }
            try {
                BacktestResult r = backtest.run(c.name(), series(c), options(c));
                Files.createDirectories(out.resolve(c.name()));
                ResultsJson.write(r, out.resolve(c.name()).resolve("results.json"));
                lines.add(line(c, r));
            } catch (RuntimeException | IOException e) {
                lines.add(String.format(Locale.ROOT, "%-16s failed: %s", c.name(), e.getMessage()));
            }
            err.println("generalization: " + lines.get(lines.size() - 1));
            err.flush();
        }
        stdout.printf(Locale.ROOT, "SLO %.2f %% of minutes short, decision interval %d min, D = %d min, forecaster "
                + "%s; frontier = the lowest U and Drop of 28 HPA settings at the same cost; a line passes 'frontier' "
                + "when U and Drop are each at most 5 %% (relative) or 0.1 point above it; least U = minutes whose demand "
                + "exceeds maxReplicas × C, short whatever a policy does; U/SLO counts the other minutes (within "
                + "reach), as the SLO does%n%n", slo,
                decisionInterval.toMinutes(), startupDelay.toMinutes(), forecaster);
        lines.forEach(stdout::println);
        stdout.flush();
        return 0;
    }

    private String line(Case c, BacktestResult r) {
        PolicyResult p = r.policy("prescient").orElseThrow();
        PolicyResult hpa = r.policy("hpa").orElseThrow();
        HpaFrontier.Comparison f = r.frontier().orElseThrow().at(p.costVsOracle());
        boolean frontier = within(p.underProvisionedPct(), f.hpaUAtSameCost())
                && within(p.droppedPct(), f.hpaDropAtSameCost());
        boolean churn = p.scaleChanges() <= hpa.scaleChanges();
        double ratio = r.underProvisionedWithinReachPct(p) / slo;
        return String.format(Locale.ROOT, "%-16s %6.2f %6.2f %6.3f | %7.2f %7.2f | %+6.0f %+6.0f | %7.1f %7.1f | %-9s %-6s %5.2f %-4s %.2f",
                c.name(), p.underProvisionedPct(), p.droppedPct(), p.costVsOracle(), f.hpaUAtSameCost(),
                f.hpaDropAtSameCost(), pct(p.underProvisionedPct(), f.hpaUAtSameCost()),
                pct(p.droppedPct(), f.hpaDropAtSameCost()), r.scaleChangesPerDay(p), r.scaleChangesPerDay(hpa),
                frontier ? "ok" : "ABOVE", churn ? "ok" : "MORE", ratio, ratio >= 0.5 && ratio <= 1.5 ? "ok" : "off",
                r.unreachablePct()) + (r.signal().isRaw() ? "" : String.format(Locale.ROOT,
                "   (U on the %s signal itself: %.2f %%)", r.signal(), r.underProvisionedOnSignalPct(p)));
    }

    /** At most 5 % (relative) or 0.1 point above the frontier, whichever is larger. */
    static boolean within(double value, double frontier) {
        return value <= frontier + Math.max(0.05 * frontier, 0.1);
    }

    private static double pct(double value, double reference) {
        return reference == 0 ? 0 : 100 * (value - reference) / reference;
    }

    private TimeSeries series(Case c) {
        TimeSeries s = BacktestInput.readTrace(traces.resolve(c.file()), c.from(), c.to());
        TimeSeries read = c.thinTo() == null ? s : PoissonThinning.thin(s, c.thinTo(), seed, 1, c.visitSize());
        return c.outage() == null ? read : c.outage().applyTo(read);
    }

    private BacktestOptions options(Case c) {
        // a workload whose query smooths the demand (rate:5m) gives slo.demandQuery, as config/workloads.example.yaml
        // shows: its SLO is judged on the per-minute demand the pods serve
        PrescientSetup setup = PrescientSetup.shipped(forecaster).withSlo(new Slo(slo, c.signal().isRaw()
                        ? Optional.empty() : Optional.of(Backtest.SERVED_DEMAND)))
                .withPolicy(PolicySettings.defaults().withDecisionInterval(decisionInterval));
        return new BacktestOptions(List.of("oracle", "hpa", "prescient"), (int) startupDelay.toMinutes(),
                OptionalDouble.empty(), setup, seed, List.of(), Optional.empty(), c.signal(), c.historyDays() * 1440,
                Scenario.DEFAULT_MIN_REPLICAS, Scenario.DEFAULT_MAX_REPLICAS);
    }
}
