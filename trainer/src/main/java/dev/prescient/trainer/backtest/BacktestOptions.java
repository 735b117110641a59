package dev.prescient.trainer.backtest;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * How a backtest is run.
 *
 * @param policies policies to compare: oracle, hpa, seed-arima, seasonal-naive, holt-winters, prescient,
 *     prescient-no-demotion
 * @param startupDelayMinutes D: a pod requested at minute t serves from t + D
 * @param capacityPerPod C in requests per minute; empty = mean of the simulated trace / 10
 * @param prescient how the prescient policy is set up
 * @param seed random seed for forecasters that train
 * @param injections regime changes applied to the trace before anything else sees it
 * @param reportFrom start of a period whose figures are reported apart; empty = the first injection's instant
 *     (if any)
 * @param signal what the policies, the HPA emulation and the forecasters see of the demand
 * @param historyMinutes the history every segment starts with: what the forecasters train on and the policy
 *     remembers (3 days by default)
 * @param minReplicas the workload's lower bound for every policy
 * @param maxReplicas the workload's upper bound
 */
public record BacktestOptions(List<String> policies, int startupDelayMinutes, OptionalDouble capacityPerPod,
                              PrescientSetup prescient, long seed, List<ScaleInjection> injections,
                              Optional<Instant> reportFrom, Signal signal, int historyMinutes, int minReplicas,
                              int maxReplicas) {

    public static final int DEFAULT_HISTORY_MINUTES = 3 * 1440;

    /** The prescient policy over the same forecasts with demotion off: what demotion changed, in the same run. */
    public static final String PRESCIENT_NO_DEMOTION = "prescient-no-demotion";

    public static final List<String> ALL_POLICIES = List.of("oracle", "hpa", "seed-arima", "seasonal-naive",
            "holt-winters", "prescient", PRESCIENT_NO_DEMOTION);

    public BacktestOptions {
        policies = List.copyOf(policies);
        injections = List.copyOf(injections);
        Objects.requireNonNull(reportFrom, "reportFrom");
        Objects.requireNonNull(signal, "signal");
        if (historyMinutes < 2 * 1440) {
            throw new IllegalArgumentException("backtest history must be at least 2 days (2880 minutes), got "
                    + historyMinutes + " minutes");
        }
        if (minReplicas < 0 || maxReplicas < 1 || minReplicas > maxReplicas) {
            throw new IllegalArgumentException("replica bounds [" + minReplicas + ", " + maxReplicas
                    + "] must satisfy 0 <= min <= max and max >= 1");
        }
        for (String p : policies) {
            if (!ALL_POLICIES.contains(p)) {
                throw new IllegalArgumentException("unknown policy '" + p + "'; choose from " + ALL_POLICIES);
            }
        }
        if (startupDelayMinutes < 0) {
            throw new IllegalArgumentException("start-up delay must be >= 0 minutes, got " + startupDelayMinutes);
        }
    }

    /** Options for the trace as recorded, without a separate period. */
    public BacktestOptions(List<String> policies, int startupDelayMinutes, OptionalDouble capacityPerPod,
                           PrescientSetup prescient, long seed) {
        this(policies, startupDelayMinutes, capacityPerPod, prescient, seed, List.of(), Optional.empty(), Signal.RAW,
                DEFAULT_HISTORY_MINUTES, Scenario.DEFAULT_MIN_REPLICAS, Scenario.DEFAULT_MAX_REPLICAS);
    }

    /** Options with the raw signal and the default history. */
    public BacktestOptions(List<String> policies, int startupDelayMinutes, OptionalDouble capacityPerPod,
                           PrescientSetup prescient, long seed, List<ScaleInjection> injections,
                           Optional<Instant> reportFrom) {
        this(policies, startupDelayMinutes, capacityPerPod, prescient, seed, injections, reportFrom, Signal.RAW,
                DEFAULT_HISTORY_MINUTES, Scenario.DEFAULT_MIN_REPLICAS, Scenario.DEFAULT_MAX_REPLICAS);
    }

    /** These options with another signal. */
    public BacktestOptions withSignal(Signal other) {
        return new BacktestOptions(policies, startupDelayMinutes, capacityPerPod, prescient, seed, injections,
                reportFrom, other, historyMinutes, minReplicas, maxReplicas);
    }

    /** These options with another prescient setup. */
    public BacktestOptions withPrescient(PrescientSetup setup) {
        return new BacktestOptions(policies, startupDelayMinutes, capacityPerPod, setup, seed, injections, reportFrom,
                signal, historyMinutes, minReplicas, maxReplicas);
    }

    /** These options sized for one workload: its capacity per pod, start-up delay, history and replica bounds. */
    public BacktestOptions sizedFor(double capacity, int startupMinutes, int history, int min, int max) {
        return new BacktestOptions(policies, startupMinutes, OptionalDouble.of(capacity), prescient, seed, injections,
                reportFrom, signal, history, min, max);
    }

    /** The start of the separately reported period: {@code reportFrom}, else the earliest injection. */
    public Optional<Instant> periodStart() {
        return reportFrom.or(() -> injections.stream().map(ScaleInjection::at).min(Instant::compareTo));
    }
}
