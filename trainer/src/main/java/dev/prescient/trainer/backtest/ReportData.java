package dev.prescient.trainer.backtest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.prescient.common.forecast.Forecast;

import java.util.Optional;

/**
 * The series the HTML report draws, as compact JSON for a {@code <script type="application/json">}
 * block. Rates are integers in units of {@code quantum} requests/min, delta-encoded (each value is the
 * difference to the previous non-null one; {@code null} = no value); forecasts use a ten times coarser
 * {@code forecastQuantum}, well below a pixel and a pod; pod counts are run-length encoded
 * as {@code [value, count, value, count, ...]}. Index 0 of every series is {@code firstMinute}.
 *
 * <pre>
 * {trace, t0 (epoch ms of firstMinute), firstMinute, minutes, capacityPerPod, quantum, forecastQuantum, demand,
 *  policies: [{name, ready, total}], tracks: [{name, p50, p90}],
 *  demotions: [[fromIndex, toIndex, reason], ...], decisions: [[minute, action, desiredReplicas, reason], ...],
 *  frontier: [{target, window, u, drop, cost}], policyPoints: [{name, u, drop, cost}]}
 * </pre>
 *
 * Tracks are stitched: each minute shows the latest forecast made at or before it (the first
 * {@link Backtest#DECISION_MINUTES} steps of each origin when origins come every 5 minutes).
 */
public final class ReportData {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ReportData() {
    }

    /** The data as JSON that is safe inside a script element ({@code <}, {@code >}, {@code &} escaped). */
    public static String embeddableJson(BacktestResult r) {
        try {
            return MAPPER.writeValueAsString(toJson(r))
                    .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise report data for " + r.source().describe() + ": " + e.getMessage(), e);
        }
    }

    public static ObjectNode toJson(BacktestResult r) {
        Scenario s = r.scenario();
        double quantum = quantum(s.capacityPerPod());
        ObjectNode root = MAPPER.createObjectNode();
        ResultsJson.source(root, r.source());
        root.put("t0", r.minuteZero().plusSeconds(60L * s.firstMinute()).toEpochMilli());
        root.put("firstMinute", s.firstMinute());
        root.put("minutes", s.spanMinutes());
        root.put("capacityPerPod", s.capacityPerPod());
        root.put("quantum", quantum);
        root.put("forecastQuantum", 10 * quantum);
        root.set("demand", deltas(slice(r.demand(), s), quantum));
        ArrayNode policies = root.putArray("policies");
        for (PolicyResult p : r.policies()) {
            ObjectNode n = policies.addObject();
            n.put("name", p.name());
            n.set("ready", runs(p.ready()));
            n.set("total", runs(p.total()));
        }
        ArrayNode tracks = root.putArray("tracks");
        for (ForecastTrack t : r.tracks().values()) {
            double[][] q = stitched(t, s);
            ObjectNode n = tracks.addObject();
            n.put("name", t.forecaster());
            n.set("p50", deltas(q[0], 10 * quantum));
            n.set("p90", deltas(q[1], 10 * quantum));
        }
        r.frontier().ifPresent(f -> {
            ArrayNode frontier = root.putArray("frontier");
            for (HpaFrontier.FrontierPoint p : f.points()) {
                frontier.addObject().put("target", p.target()).put("window", p.windowMinutes())
                        .put("u", p.underProvisionedPct()).put("drop", p.droppedPct()).put("cost", p.costVsOracle());
            }
            ArrayNode points = root.putArray("policyPoints");
            for (PolicyResult p : r.policies()) {
                if (!p.name().equals("oracle")) {
                    points.addObject().put("name", p.name()).put("u", p.underProvisionedPct())
                            .put("drop", p.droppedPct()).put("cost", p.costVsOracle());
                }
            }
        });
        ArrayNode demotions = root.putArray("demotions");
        for (DemotionInterval d : r.demotions()) {
            demotions.addArray().add(d.fromMinute() - s.firstMinute()).add(d.toMinute() - s.firstMinute())
                    .add(d.reason());
        }
        ArrayNode decisions = root.putArray("decisions");
        for (TimedDecision d : r.prescientDecisions()) {
            decisions.addArray().add(d.minute()).add(d.decision().action().tag())
                    .add(d.decision().desiredReplicas()).add(d.decision().reason());
        }
        return root;
    }

    /** Rounding unit for rates: a hundredth of C's order of magnitude (C = 381.6 → 1 request/min). */
    static double quantum(double capacityPerPod) {
        return Math.pow(10, Math.floor(Math.log10(capacityPerPod)) - 2);
    }

    static ArrayNode deltas(double[] values, double quantum) {
        ArrayNode a = MAPPER.createArrayNode();
        long previous = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                long q = Math.round(v / quantum);
                a.add(q - previous);
                previous = q;
            } else {
                a.addNull();
            }
        }
        return a;
    }

    static ArrayNode runs(int[] values) {
        ArrayNode a = MAPPER.createArrayNode();
        int i = 0;
        while (i < values.length) {
            int j = i;
            while (j < values.length && values[j] == values[i]) {
                j++;
            }
            a.add(values[i]).add(j - i);
            i = j;
        }
        return a;
    }

    /**
     * p50 ([0]) and p90 ([1]) per minute of the span from the latest forecast covering it; NaN where none does and
     * between segments.
     */
    static double[][] stitched(ForecastTrack track, Scenario s) {
        int n = s.spanMinutes();
        double[][] q = new double[2][n];
        Forecast current = null;
        int origin = 0;
        for (int m = Math.max(0, s.firstMinute() - Backtest.HORIZON_MINUTES); m < s.endMinute(); m++) {
            Optional<Forecast> f = track.at(m);
            if (f.isPresent()) {
                current = f.get();
                origin = m;
            }
            if (m >= s.firstMinute()) {
                boolean covered = current != null && m - origin < current.horizon() && s.simulates(m);
                q[0][m - s.firstMinute()] = covered ? current.p50At(m - origin) : Double.NaN;
                q[1][m - s.firstMinute()] = covered ? current.p90At(m - origin) : Double.NaN;
            }
        }
        return q;
    }

    private static double[] slice(double[] demand, Scenario s) {
        return java.util.Arrays.copyOfRange(demand, s.firstMinute(), s.endMinute());
    }
}
