package dev.prescient.trainer.backtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.prescient.common.accuracy.AccuracySnapshot;
import dev.prescient.common.forecast.eval.ForecasterScore;
import dev.prescient.common.policy.SizingJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes {@code results.json}: what was replayed (the trace, or the workload and its query), the scenario (signal and segments included), each policy's figures (over the whole run
 * and, when reported, over the period from {@code period.from}) with where it lies against the HPA frontier at its
 * cost, the frontier itself, the injected regime changes, when the prescient policy was demoted, and each
 * forecaster's accuracy.
 */
public final class ResultsJson {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultsJson() {
    }

    public static ObjectNode toJson(BacktestResult r) {
        ObjectNode root = MAPPER.createObjectNode();
        source(root, r.source());
        root.put("from", r.minuteZero().plusSeconds(60L * r.scenario().firstMinute()).toString());
        root.put("to", r.minuteZero().plusSeconds(60L * r.scenario().endMinute()).toString());
        ObjectNode scenario = root.putObject("scenario");
        scenario.put("capacity_per_pod", r.scenario().capacityPerPod());
        scenario.put("startup_delay_minutes", r.scenario().startupDelayMinutes());
        scenario.put("metrics_lag_minutes", r.scenario().metricsLagMinutes());
        scenario.put("min_replicas", r.scenario().minReplicas());
        scenario.put("max_replicas", r.scenario().maxReplicas());
        scenario.put("simulated_minutes", r.scenario().simulatedMinutes());
        scenario.put("signal", r.signal().toString());
        scenario.put("unreachable_under_provisioned_pct", r.unreachablePct());
        ArrayNode segments = scenario.putArray("segments");
        for (Segment s : r.scenario().segments()) {
            ObjectNode seg = segments.addObject().put("data_from", at(r, s.dataFrom()))
                    .put("from", at(r, s.firstMinute())).put("to", at(r, s.endMinute()))
                    .put("simulated_minutes", s.simulatedMinutes());
            ArrayNode gaps = seg.putArray("gaps");
            for (Segment.Gap g : s.gaps()) {
                gaps.addObject().put("from", at(r, g.from())).put("to", at(r, g.to())).put("minutes", g.minutes());
            }
        }
        ObjectNode policies = root.putObject("policies");
        for (PolicyResult p : r.policies()) {
            ObjectNode n = policies.putObject(p.name());
            n.put("under_provisioned_pct", p.underProvisionedPct());
            n.put("dropped_pct", p.droppedPct());
            n.put("cost_vs_oracle", p.costVsOracle());
            n.put("pod_minutes", p.podMinutes());
            n.put("scale_changes", p.scaleChanges());
            n.put("scale_changes_per_day", r.scaleChangesPerDay(p));
            n.put("under_provisioned_within_reach_pct", r.underProvisionedWithinReachPct(p));
            if (!r.signal().isRaw()) {
                n.put("under_provisioned_on_signal_pct", r.underProvisionedOnSignalPct(p));
            }
            r.frontier().ifPresent(f -> {
                HpaFrontier.Comparison c = f.at(p.costVsOracle());
                n.putObject("vs_hpa_frontier").put("hpa_u_at_same_cost", c.hpaUAtSameCost())
                        .put("hpa_drop_at_same_cost", c.hpaDropAtSameCost())
                        .put("below", c.below(p.underProvisionedPct(), p.droppedPct()));
            });
        }
        r.frontier().ifPresent(f -> {
            ArrayNode points = root.putArray("hpa_frontier");
            for (HpaFrontier.FrontierPoint p : f.points()) {
                points.addObject().put("target", p.target()).put("window_minutes", p.windowMinutes())
                        .put("under_provisioned_pct", p.underProvisionedPct()).put("dropped_pct", p.droppedPct())
                        .put("cost_vs_oracle", p.costVsOracle()).put("scale_changes", p.scaleChanges());
            }
        });
        period(root, r);
        ArrayNode sizings = root.putArray("sizings");
        r.sizings().forEach((minute, sizing) -> {
            ObjectNode n = sizings.addObject();
            n.put("from", at(r, minute));
            n.setAll(SizingJson.toJson(sizing));
        });
        ArrayNode injections = root.putArray("injections");
        for (ScaleInjection i : r.injections()) {
            injections.addObject().put("at", i.at().toString()).put("factor", i.factor());
        }
        ArrayNode demotions = root.putArray("demotions");
        for (DemotionInterval d : r.demotions()) {
            demotions.addObject().put("from", at(r, d.fromMinute())).put("to", at(r, d.toMinute()))
                    .put("minutes", d.minutes()).put("reason", d.reason()).put("end_reason", d.endReason());
        }
        r.judgedAccuracy().ifPresent(a -> root.putObject("judged_accuracy")
                .put("window", AccuracySnapshot.Window.format(a.window())).put("max_mase", a.maxMase())
                .put("max_mase_at", String.valueOf(a.maxMaseAt())).put("min_p90_coverage", a.minP90Coverage())
                .put("min_p90_coverage_at", String.valueOf(a.minP90CoverageAt())).put("judgements", a.judgements()));
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

    /** {@code trace}: the file; or {@code workload} and {@code query} for a workload's Prometheus history. */
    static void source(ObjectNode root, ReplaySource source) {
        if (source instanceof ReplaySource.WorkloadQuery w) {
            root.put("workload", w.workload()).put("query", w.query());
        } else if (source instanceof ReplaySource.TraceFile t) {
            root.put("trace", t.path());
        }
    }

    /** {@code period}: each policy's figures from the period's start on, when the run reports one. */
    private static void period(ObjectNode root, BacktestResult r) {
        if (r.periodFromMinute().isEmpty()) {
            return;
        }
        ObjectNode period = root.putObject("period");
        period.put("from", at(r, r.periodFromMinute().getAsInt()));
        period.put("to", at(r, r.scenario().endMinute()));
        ObjectNode policies = period.putObject("policies");
        for (PeriodFigures f : r.periodFigures()) {
            ObjectNode n = policies.putObject(f.policy());
            n.put("under_provisioned_pct", f.underProvisionedPct());
            n.put("dropped_pct", f.droppedPct());
            n.put("cost_vs_oracle", f.costVsOracle());
            n.put("pod_minutes", f.podMinutes());
        }
    }

    private static String at(BacktestResult r, int minute) {
        return r.minuteZero().plusSeconds(60L * minute).toString();
    }

    public static void write(BacktestResult r, Path file) {
        try {
            MAPPER.writeValue(file.toFile(), toJson(r));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write backtest results to " + file + ": " + e.getMessage(), e);
        }
    }
}
