package dev.prescient.trainer.backtest;

import dev.prescient.common.forecast.eval.ForecasterScore;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything a backtest produced, for the table, results.json and the HTML report.
 *
 * @param trace the trace file
 * @param minuteZero time of minute 0 of {@code demand}
 * @param scenario the simulated cluster
 * @param demand requests per minute from minute 0
 * @param policies results per policy, oracle first
 * @param forecasts accuracy of each forecaster under the rolling-origin protocol
 * @param tracks forecasts per forecaster, by origin minute
 * @param prescientDecisions the prescient policy's decisions with reasons, in order
 */
public record BacktestResult(String trace, Instant minuteZero, Scenario scenario, double[] demand,
                             List<PolicyResult> policies, Map<String, ForecasterScore> forecasts,
                             Map<String, ForecastTrack> tracks, List<TimedDecision> prescientDecisions) {
}
