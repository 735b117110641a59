package dev.prescient.trainer.backtest;

import dev.prescient.common.forecast.eval.ForecasterScore;
import dev.prescient.common.policy.Sizing;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Everything a backtest produced, for the table, results.json and the HTML report.
 *
 * @param source what was replayed: a trace file or a workload's Prometheus history
 * @param minuteZero time of minute 0 of {@code demand}
 * @param scenario the simulated cluster
 * @param demand requests per minute from minute 0
 * @param policies results per policy, oracle first
 * @param forecasts accuracy of each forecaster under the rolling-origin protocol
 * @param tracks forecasts per forecaster, by origin minute
 * @param prescientDecisions the prescient policy's decisions with reasons, in order
 * @param demotions when the prescient policy's forecasts were demoted, in order
 * @param judgedAccuracy the extremes of the prescient forecasts' judged live accuracy, empty without demotion
 * @param injections the regime changes applied to the trace ({@code demand} includes them)
 * @param periodFromMinute first minute of the separately reported period, empty when there is none
 * @param signal what the policies and forecasters saw of the demand
 * @param frontier the emulated HPA at every frontier setting, on the same scenario
 * @param sizings the sizing the prescient policy learnt at each refit, by refit minute (empty without it)
 */
public record BacktestResult(ReplaySource source, Instant minuteZero, Scenario scenario, double[] demand,
                             List<PolicyResult> policies, Map<String, ForecasterScore> forecasts,
                             Map<String, ForecastTrack> tracks, List<TimedDecision> prescientDecisions,
                             List<DemotionInterval> demotions, Optional<AccuracyRange> judgedAccuracy,
                             List<ScaleInjection> injections, OptionalInt periodFromMinute, Signal signal,
                             Optional<HpaFrontier> frontier, Map<Integer, Sizing> sizings) {

    public BacktestResult {
        demotions = List.copyOf(demotions);
        injections = List.copyOf(injections);
        sizings = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(sizings));
    }

    /** A result without learnt sizings. */
    public BacktestResult(ReplaySource trace, Instant minuteZero, Scenario scenario, double[] demand,
                          List<PolicyResult> policies, Map<String, ForecasterScore> forecasts,
                          Map<String, ForecastTrack> tracks, List<TimedDecision> prescientDecisions,
                          List<DemotionInterval> demotions, Optional<AccuracyRange> judgedAccuracy,
                          List<ScaleInjection> injections, OptionalInt periodFromMinute, Signal signal,
                          Optional<HpaFrontier> frontier) {
        this(trace, minuteZero, scenario, demand, policies, forecasts, tracks, prescientDecisions, demotions,
                judgedAccuracy, injections, periodFromMinute, signal, frontier, Map.of());
    }

    /** A result of the raw signal without a frontier. */
    public BacktestResult(String trace, Instant minuteZero, Scenario scenario, double[] demand,
                          List<PolicyResult> policies, Map<String, ForecasterScore> forecasts,
                          Map<String, ForecastTrack> tracks, List<TimedDecision> prescientDecisions,
                          List<DemotionInterval> demotions, Optional<AccuracyRange> judgedAccuracy,
                          List<ScaleInjection> injections, OptionalInt periodFromMinute) {
        this(new ReplaySource.TraceFile(trace), minuteZero, scenario, demand, policies, forecasts, tracks,
                prescientDecisions, demotions, judgedAccuracy, injections, periodFromMinute, Signal.RAW,
                Optional.empty());
    }

    /** A result without demotions, injections or period. */
    public BacktestResult(String trace, Instant minuteZero, Scenario scenario, double[] demand,
                          List<PolicyResult> policies, Map<String, ForecasterScore> forecasts,
                          Map<String, ForecastTrack> tracks, List<TimedDecision> prescientDecisions) {
        this(trace, minuteZero, scenario, demand, policies, forecasts, tracks, prescientDecisions, List.of(),
                Optional.empty(), List.of(), OptionalInt.empty());
    }

    /**
     * The least U any policy can reach within the replica bounds: the % of simulated minutes whose demand exceeds
     * {@code maxReplicas × C} (an SLO below it is unreachable even for the oracle kept within the bounds).
     */
    public double unreachablePct() {
        int over = 0;
        for (Segment s : scenario.segments()) {
            for (int t = s.firstMinute(); t < s.endMinute(); t++) {
                if (s.simulates(t) && scenario.need(demand[t]) > scenario.maxReplicas()) {
                    over++;
                }
            }
        }
        return 100.0 * over / scenario.simulatedMinutes();
    }

    /**
     * {@code p}'s U as the signal sees it: % of simulated minutes whose signal (e.g. the 5-minute rate the query
     * returns) exceeds ready capacity. Equal to its U on the raw signal; lower on a smoothed one, which hides
     * one-minute spikes from whoever judges by it, the trainer included.
     */
    public double underProvisionedOnSignalPct(PolicyResult p) {
        double[] seen = signal.of(demand);
        int under = 0;
        for (Segment s : scenario.segments()) {
            for (int t = s.firstMinute(); t < s.endMinute(); t++) {
                if (s.simulates(t) && seen[t] > p.ready()[t - scenario.firstMinute()] * scenario.capacityPerPod() + 1e-9) {
                    under++;
                }
            }
        }
        return 100.0 * under / scenario.simulatedMinutes();
    }

    /**
     * {@code p}'s U counting only minutes within reach: % of the simulated minutes whose demand fits in
     * {@code maxReplicas × C} that were short. This is what a workload's SLO is about (and what the sizing is learnt
     * for); the other minutes are short whatever a policy does ({@link #unreachablePct()}).
     */
    public double underProvisionedWithinReachPct(PolicyResult p) {
        int under = 0;
        int reachable = 0;
        for (Segment s : scenario.segments()) {
            for (int t = s.firstMinute(); t < s.endMinute(); t++) {
                if (!s.simulates(t) || scenario.need(demand[t]) > scenario.maxReplicas()) {
                    continue;
                }
                reachable++;
                if (demand[t] > p.ready()[t - scenario.firstMinute()] * scenario.capacityPerPod() + 1e-9) {
                    under++;
                }
            }
        }
        return reachable == 0 ? 0 : 100.0 * under / reachable;
    }

    /** Scale changes per simulated day of {@code p}. */
    public double scaleChangesPerDay(PolicyResult p) {
        return p.scaleChanges() * 1440.0 / scenario.simulatedMinutes();
    }

    /** The policy called {@code name}, if it ran. */
    public Optional<PolicyResult> policy(String name) {
        return policies.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** Each policy's figures over the separately reported period, empty when there is none. */
    public List<PeriodFigures> periodFigures() {
        if (periodFromMinute.isEmpty()) {
            return List.of();
        }
        return PeriodFigures.of(this, periodFromMinute.getAsInt());
    }
}
