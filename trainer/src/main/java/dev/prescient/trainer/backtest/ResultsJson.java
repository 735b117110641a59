package dev.prescient.trainer.backtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.prescient.common.forecast.eval.ForecasterScore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/** Writes {@code results.json}: the scenario, each policy's figures and each forecaster's accuracy. */
public final class ResultsJson {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultsJson() {
    }

    public static ObjectNode toJson(BacktestResult r) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("trace", r.trace());
        root.put("from", r.minuteZero().plusSeconds(60L * r.scenario().firstMinute()).toString());
        root.put("to", r.minuteZero().plusSeconds(60L * r.scenario().endMinute()).toString());
        ObjectNode scenario = root.putObject("scenario");
        scenario.put("capacity_per_pod", r.scenario().capacityPerPod());
        scenario.put("startup_delay_minutes", r.scenario().startupDelayMinutes());
        scenario.put("metrics_lag_minutes", r.scenario().metricsLagMinutes());
        scenario.put("simulated_minutes", r.scenario().simulatedMinutes());
        ObjectNode policies = root.putObject("policies");
        for (PolicyResult p : r.policies()) {
            ObjectNode n = policies.putObject(p.name());
            n.put("under_provisioned_pct", p.underProvisionedPct());
            n.put("dropped_pct", p.droppedPct());
            n.put("cost_vs_oracle", p.costVsOracle());
            n.put("pod_minutes", p.podMinutes());
            n.put("scale_changes", p.scaleChanges());
        }
        ObjectNode forecasts = root.putObject("forecast");
        for (Map.Entry<String, ForecasterScore> e : r.forecasts().entrySet()) {
            ForecasterScore s = e.getValue();
            ObjectNode n = forecasts.putObject(e.getKey());
            n.put("mae", s.mae());
            n.put("smape_pct", s.smapePercent());
            n.put("mase", s.mase());
            n.put("p90_coverage_pct", s.p90CoveragePercent());
            n.put("origins", s.origins());
            n.put("refits", s.refits());
            n.put("fit_seconds_mean", s.fitSecondsMean());
        }
        return root;
    }

    public static void write(BacktestResult r, Path file) {
        try {
            MAPPER.writeValue(file.toFile(), toJson(r));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write backtest results to " + file + ": " + e.getMessage(), e);
        }
    }
}
