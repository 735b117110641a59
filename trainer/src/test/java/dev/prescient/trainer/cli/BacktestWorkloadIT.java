package dev.prescient.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prescient.common.series.Sample;
import dev.prescient.common.testing.OpenMetrics;
import dev.prescient.common.testing.PrometheusServer;
import dev.prescient.common.testing.TraceCounter;
import dev.prescient.trainer.backtest.HpaFrontier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./prescient backtest --workload} end to end: the packaged CLI (its Quarkus REST client) reads a workload's
 * {@code sum(rate(...[5m]))} from a real Prometheus backfilled with a week of the Twitter trace as a counter, with
 * three hours left out after 3.5 days (a scrape outage), and replays it.
 */
class BacktestWorkloadIT {

    static final String METRIC = "prescient_trace_requests";
    static final String QUERY = "sum(rate(prescient_trace_requests_total[5m]))";
    static final Instant T0 = Instant.parse("2021-08-01T00:00:00Z");
    static final Instant GAP_FROM = T0.plus(Duration.ofHours(84));
    static final Instant GAP_TO = GAP_FROM.plus(Duration.ofHours(3));
    static final Instant END = T0.plus(Duration.ofDays(7));
    static final double CAPACITY_PER_POD = 8;

    private static PrometheusServer prometheus;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startPrometheus() throws Exception {
        prometheus = PrometheusServer.start(OpenMetrics.counter(METRIC, Map.of("trace", "twitter"), counterWithGap()));
    }

    @AfterAll
    static void stopPrometheus() {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    /** The trace's counter over [T0, END) without samples in [GAP_FROM, GAP_TO); it resumes where it stopped. */
    static List<Sample> counterWithGap() {
        List<Sample> samples = new ArrayList<>(TraceCounter.counter(rows(T0, GAP_FROM)));
        double total = samples.get(samples.size() - 1).value();
        for (Sample s : TraceCounter.counter(rows(GAP_TO, END))) {
            samples.add(new Sample(s.time(), total + s.value()));
        }
        return samples;
    }

    static List<Sample> rows(Instant from, Instant to) {
        return TraceCounter.readPerMinute(TraceCounter.tracesDir().resolve("twitter-2021-08-per-minute.csv"), from,
                to);
    }

    @Test
    void replaysTheWorkloadsPrometheusHistoryLivingThroughTheGap() throws Exception {
        Path out = tmp.resolve("out");

        LauncherRun run = backtest("trace/twitter", "--policies", "oracle,hpa,seasonal-naive,prescient",
                "--prescient-forecaster", "seasonal-naive", "--out", out.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        System.out.println(run.out());
        assertThat(run.out()).startsWith("backtest of workload trace/twitter (" + QUERY + "): ")
                .contains("C = 8.0 requests/s per pod", "start-up delay 2 min", "1 gaps lived through, not simulated")
                .doesNotContain("segments split at gaps");
        JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertThat(json.get("workload").asText()).isEqualTo("trace/twitter");
        assertThat(json.get("query").asText()).isEqualTo(QUERY);
        assertThat(json.has("trace")).isFalse();
        JsonNode scenario = json.get("scenario");
        assertThat(scenario.get("capacity_per_pod").asDouble()).isEqualTo(CAPACITY_PER_POD);
        assertThat(scenario.get("startup_delay_minutes").asInt()).isEqualTo(2);
        assertThat(scenario.get("min_replicas").asInt()).isEqualTo(2);
        assertThat(scenario.get("max_replicas").asInt()).isEqualTo(40);
        theScrapeGapIsLivedThroughInOneSegmentAfterTheWorkloadsHistory(scenario);
        thePoliciesAndTheFrontierHaveFiniteFigures(json);
        theOracleSizesTheRatePerSecondByCapacityPerPod(scenario, json.get("policies").get("oracle"));
        assertThat(Files.readString(out.resolve("report.html")))
                .contains("<title>Prescient backtest – trace/twitter</title>", "requests/s");
    }

    /**
     * A 3-hour scrape gap is shorter than the 2-day history: the cluster lives through it, so the history is one
     * segment simulated after the workload's history, the gap inside it neither simulated nor counted.
     */
    private static void theScrapeGapIsLivedThroughInOneSegmentAfterTheWorkloadsHistory(JsonNode scenario) {
        JsonNode segments = scenario.get("segments");
        assertThat(segments).hasSize(1);
        JsonNode s = segments.get(0);
        // rate(x[5m]) needs two samples in its window: it starts a minute after the counter and lasts a few
        // minutes past its last sample
        assertThat(at(s, "data_from")).isBetween(T0, T0.plus(Duration.ofMinutes(5)));
        assertThat(at(s, "to")).isBetween(END.minus(Duration.ofMinutes(5)), END);
        assertThat(Duration.between(at(s, "data_from"), at(s, "from"))).isEqualTo(Duration.ofDays(2));
        JsonNode gap = s.get("gaps").get(0);
        assertThat(s.get("gaps")).hasSize(1);
        assertThat(at(gap, "from")).isBetween(GAP_FROM, GAP_FROM.plus(Duration.ofMinutes(5)));
        assertThat(at(gap, "to")).isBetween(GAP_TO, GAP_TO.plus(Duration.ofMinutes(5)));
        assertThat(Duration.between(at(s, "from"), at(s, "to")).toMinutes() - gap.get("minutes").asInt())
                .isEqualTo(s.get("simulated_minutes").asInt());
        assertThat(scenario.get("simulated_minutes").asInt()).isEqualTo(s.get("simulated_minutes").asInt());
    }

    private static void thePoliciesAndTheFrontierHaveFiniteFigures(JsonNode json) {
        JsonNode policies = json.get("policies");
        assertThat(policies.fieldNames()).toIterable()
                .containsExactly("oracle", "hpa", "seasonal-naive", "prescient");
        for (JsonNode p : policies) {
            for (String figure : List.of("under_provisioned_pct", "dropped_pct", "cost_vs_oracle",
                    "scale_changes_per_day")) {
                assertThat(Double.isFinite(p.get(figure).asDouble())).as(figure + " of " + p).isTrue();
            }
            assertThat(p.get("pod_minutes").asLong()).isPositive();
            JsonNode vs = p.get("vs_hpa_frontier");
            assertThat(Double.isFinite(vs.get("hpa_u_at_same_cost").asDouble())).as(vs.toString()).isTrue();
            assertThat(Double.isFinite(vs.get("hpa_drop_at_same_cost").asDouble())).as(vs.toString()).isTrue();
        }
        assertThat(policies.get("oracle").get("cost_vs_oracle").asDouble()).isEqualTo(1.0);
        assertThat(policies.get("oracle").get("under_provisioned_pct").asDouble()).isZero();
        JsonNode frontier = json.get("hpa_frontier");
        assertThat(frontier).hasSize(HpaFrontier.targets().size() * HpaFrontier.WINDOWS.size());
        for (JsonNode point : frontier) {
            for (String figure : List.of("target", "under_provisioned_pct", "dropped_pct", "cost_vs_oracle")) {
                assertThat(Double.isFinite(point.get(figure).asDouble())).as(figure + " of " + point).isTrue();
            }
            assertThat(point.get("cost_vs_oracle").asDouble()).isPositive();
        }
    }

    /**
     * The oracle's pods per minute are at least the mean rate / C and not far above it: the series is the trace's
     * requests per second (a per-minute series would need 60 times as many).
     */
    private static void theOracleSizesTheRatePerSecondByCapacityPerPod(JsonNode scenario, JsonNode oracle) {
        double requests = 0;
        long minutes = 0;
        for (JsonNode s : scenario.get("segments")) {
            for (Sample row : rows(at(s, "from"), at(s, "to"))) {
                boolean inGap = false;
                for (JsonNode gap : s.get("gaps")) {
                    inGap |= !row.time().isBefore(at(gap, "from")) && row.time().isBefore(at(gap, "to"));
                }
                if (!inGap) {
                    requests += row.value();
                    minutes++;
                }
            }
        }
        double meanPods = requests / 60 / minutes / CAPACITY_PER_POD;
        double oraclePods = oracle.get("pod_minutes").asDouble() / scenario.get("simulated_minutes").asInt();
        assertThat(oraclePods).isBetween(meanPods, 1.3 * meanPods + 1);
    }

    private static Instant at(JsonNode node, String field) {
        return Instant.parse(node.get(field).asText());
    }

    @Test
    void namesTheQueryAndTheRangeWhenPrometheusHasNoHistoryForIt() throws Exception {
        LauncherRun run = backtest("trace/silent", "--policies", "oracle,hpa", "--out", tmp.resolve("out").toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("backtest failed: cannot read the history of workload trace/silent: "
                + "Prometheus at " + prometheus.url() + "/api/v1/query_range returned no series for "
                + "'sum(rate(nothing_here_total[5m]))' over [" + T0 + ", " + END + ") at PT1M; check the query");
        assertThat(tmp.resolve("out/results.json")).doesNotExist();
    }

    private LauncherRun backtest(String workload, String... extra) throws Exception {
        Path config = Files.writeString(tmp.resolve("workloads.yaml"), """
                workloads:
                  - name: twitter
                    namespace: trace
                    target: {kind: Deployment, name: twitter}
                    query: %s
                    capacityPerPod: %s
                    minReplicas: 2
                    maxReplicas: 40
                    history: 2d
                    startupDelay: 2m
                    mode: dry-run
                  - name: silent
                    namespace: trace
                    target: {kind: Deployment, name: silent}
                    query: sum(rate(nothing_here_total[5m]))
                    capacityPerPod: 8
                    minReplicas: 1
                    maxReplicas: 10
                    mode: dry-run
                """.formatted(QUERY, CAPACITY_PER_POD));
        List<String> args = new ArrayList<>(List.of("backtest", "--config", config.toString(), "--workload", workload,
                "--prometheus-url", prometheus.url().toString(), "--to", END.toString(), "--days", "7"));
        args.addAll(List.of(extra));
        return LauncherRun.of(LauncherRun.launcher(), tmp, PrescientLauncherIT.PACKAGED, Duration.ofMinutes(10),
                args.toArray(String[]::new));
    }
}
