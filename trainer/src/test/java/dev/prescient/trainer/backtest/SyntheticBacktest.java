package dev.prescient.trainer.backtest;

import dev.prescient.common.forecast.Forecast;
import dev.prescient.common.forecast.eval.ForecasterScore;
import dev.prescient.common.policy.Decision;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small backtest result for report tests: 3 days of history and 2 simulated days of a daily sine
 * with a 6-minute burst every 6 hours, C = 100, D = 3; the oracle and the emulated HPA run on the real
 * simulator, so the HPA is short during bursts. One forecast track ("seasonal-naive": yesterday's
 * demand, p90 = 1.2 × p50) with an origin every 5 minutes, and a prescient decision every 5 minutes.
 */
final class SyntheticBacktest {

    static final Instant MINUTE_ZERO = Instant.parse("2024-03-01T00:00:00Z");
    static final double C = 100;
    static final int T0 = 3 * 1440;
    static final int END = 5 * 1440;

    private SyntheticBacktest() {
    }

    static double[] demand() {
        double[] d = new double[END];
        for (int t = 0; t < END; t++) {
            double daily = 1000 + 600 * Math.sin(2 * Math.PI * t / 1440.0);
            d[t] = Math.round(daily + (t % 360 < 6 ? 2500 : 0) + 37 * Math.sin(t * 0.7));
        }
        return d;
    }

    static BacktestResult result(String trace) {
        double[] demand = demand();
        Scenario scenario = new Scenario(C, 3, 1, T0, END);
        Simulator sim = new Simulator(demand, scenario);
        PolicyResult oracle = sim.oracle();
        PolicyResult hpa = sim.run(HpaEmulator.standard(C)).withCostRatio(oracle.podMinutes());
        Map<String, ForecasterScore> scores = new LinkedHashMap<>();
        scores.put("seasonal-naive", new ForecasterScore("seasonal-naive", 576, 2, 0, 0, 17280, 123.4567,
                12.3456, 0.87654, 576, 91.27, 0.01, 0.02, 15, 40));
        Map<String, ForecastTrack> tracks = new LinkedHashMap<>();
        tracks.put("seasonal-naive", track(demand));
        return new BacktestResult(new ReplaySource.TraceFile(trace), MINUTE_ZERO, scenario, demand,
                List.of(oracle, hpa), scores, tracks,
                decisions(), List.of(), Optional.empty(), List.of(), java.util.OptionalInt.empty(), Signal.RAW,
                Optional.of(HpaFrontier.measure(sim, oracle.podMinutes())));
    }

    /** Demoted over 13:00–16:00 of the first simulated day, between two bursts. */
    static final DemotionInterval DEMOTED = new DemotionInterval(T0 + 780, T0 + 960,
            "p90 coverage 0.550 over the last 24h is below the limit 0.70 (1,380 points)",
            "accuracy within limits since 2024-03-04T13:55:00Z (2h): MASE 0.800 ≤ 1.20 and p90 coverage 0.900 ≥ 0.70");

    /** The result with a demotion (13:00–16:00 of the first simulated day), an injection and a period from 06:00. */
    static BacktestResult withDemotion(String trace) {
        BacktestResult r = result(trace);
        return new BacktestResult(r.source(), r.minuteZero(), r.scenario(), r.demand(), r.policies(), r.forecasts(),
                r.tracks(), r.prescientDecisions(), List.of(DEMOTED),
                Optional.of(new AccuracyRange(Duration.ofDays(1), 1.43, MINUTE_ZERO.plus(Duration.ofMinutes(T0 + 775)),
                        0.55, MINUTE_ZERO.plus(Duration.ofMinutes(T0 + 780)), 412)),
                List.of(new ScaleInjection(MINUTE_ZERO.plus(Duration.ofMinutes(T0 + 360)), 2)),
                java.util.OptionalInt.of(T0 + 360), r.signal(), r.frontier());
    }

    /** The same result with other policies (e.g. with round figures for the table). */
    static BacktestResult withPolicies(BacktestResult r, List<PolicyResult> policies) {
        return new BacktestResult(r.source(), r.minuteZero(), r.scenario(), r.demand(), policies, r.forecasts(),
                r.tracks(), r.prescientDecisions(), List.of(), Optional.empty(), List.of(),
                java.util.OptionalInt.empty(), r.signal(), r.frontier());
    }

    static ForecastTrack track(double[] demand) {
        ForecastTrack track = new ForecastTrack("seasonal-naive");
        for (int origin = T0; origin < END; origin += 5) {
            double[] p50 = new double[30];
            double[] p90 = new double[30];
            for (int k = 0; k < 30; k++) {
                p50[k] = demand[origin + k - 1440];
                p90[k] = 1.2 * p50[k];
            }
            track.put(origin, new Forecast(MINUTE_ZERO.plus(Duration.ofMinutes(origin)), Duration.ofMinutes(1),
                    p50, p90));
        }
        return track;
    }

    static List<TimedDecision> decisions() {
        List<TimedDecision> out = new ArrayList<>();
        for (int t = T0; t < END; t += 5) {
            Decision.Action action = t % 360 == 355 ? Decision.Action.SCALE_UP
                    : t % 360 == 10 ? Decision.Action.SCALE_DOWN : Decision.Action.NO_CHANGE;
            int desired = action == Decision.Action.SCALE_UP ? 36 : 12;
            out.add(new TimedDecision(t, new Decision(action, desired, desired, 3500, Instant.EPOCH, Instant.EPOCH,
                    Optional.empty(), "decided " + action.tag() + " at minute " + t + " <b>needs</b> " + desired)));
        }
        return out;
    }
}
