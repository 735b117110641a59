package dev.prescient.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prescient.common.series.HistoryQuery;
import dev.prescient.common.series.HistorySource;
import dev.prescient.common.series.RegularSeries;
import dev.prescient.common.series.SeriesQuality;
import dev.prescient.common.series.TimeSeries;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * {@code backtest}'s choice of input: a trace or a workload's Prometheus history, the errors when the options do
 * not fit, and how a workload's configuration sizes the run. Prometheus is a {@link HistorySource} that answers
 * every query with a synthetic daily cycle and records the queries (the real server: {@link BacktestWorkloadIT}).
 */
class BacktestInputTest {

    static final Instant TO = Instant.parse("2024-03-10T00:00:00Z");
    static final String QUERY = "sum(rate(http_requests_total{job=\"api\"}[5m]))";

    @TempDir
    Path tmp;

    Path config;
    final List<HistoryQuery> queries = new ArrayList<>();

    @BeforeEach
    void writeConfig() throws Exception {
        config = Files.writeString(tmp.resolve("workloads.yaml"), """
                workloads:
                  - name: api
                    namespace: shop
                    target: {kind: Deployment, name: api}
                    query: %s
                    capacityPerPod: 10
                    minReplicas: 2
                    maxReplicas: 30
                    history: 2d
                    startupDelay: 90s
                    mode: dry-run
                  - name: fine
                    namespace: shop
                    target: {kind: Deployment, name: fine}
                    query: sum(rate(http_requests_total{job="fine"}[1m]))
                    capacityPerPod: 10
                    minReplicas: 1
                    maxReplicas: 10
                    step: 30s
                    mode: dry-run
                """.formatted(QUERY));
    }

    static Stream<Arguments> optionErrors() {
        return Stream.of(
                Arguments.of(List.of(), "Error: Missing required argument (specify one of these): (--trace=<trace> "
                        + "| (--workload=NAMESPACE/NAME --config=<config> [--days=<days>]))"),
                Arguments.of(List.of("--trace", "t.csv", "--workload", "shop/api", "--config", "w.yaml"),
                        "Error: --trace=<trace> and (--workload=NAMESPACE/NAME --config=<config> [--days=<days>]) are "
                                + "mutually exclusive (specify only one)"),
                Arguments.of(List.of("--workload", "shop/api"),
                        "Error: Missing required argument(s): --config=<config>"),
                // --days belongs to a workload's run
                Arguments.of(List.of("--trace", "t.csv", "--days", "3"),
                        "Error: Missing required argument(s): --workload=NAMESPACE/NAME, --config=<config>"),
                Arguments.of(List.of("--workload", "shop/api", "--config", "w.yaml", "--from", "2024-03-01T00:00:00Z"),
                        "--from selects a span of a --trace; with --workload the span is the --days before --to"),
                Arguments.of(List.of("--workload", "shop/api", "--config", "w.yaml", "--days", "0"),
                        "Invalid value for option '--days': 0; replay at least one day"));
    }

    @ParameterizedTest
    @MethodSource("optionErrors")
    void refusesOptionsThatDoNotNameExactlyOneInput(List<String> args, String message) {
        Run run = run(args.toArray(String[]::new));

        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains(message);
        assertThat(queries).isEmpty();
    }

    static Stream<Arguments> workloadErrors() {
        return Stream.of(
                Arguments.of("shop/nope", "http://prometheus:9090", "backtest failed: no workload 'shop/nope' in the "
                        + "configuration; known workloads: shop/api, shop/fine"),
                Arguments.of("shop/fine", "http://prometheus:9090", "backtest failed: workload shop/fine has step "
                        + "30s; the backtest simulates minute by minute and replays only workloads with step 1m"),
                Arguments.of("shop/api", "", "backtest failed: no Prometheus URL: pass --prometheus-url or set "
                        + "PRESCIENT_PROMETHEUS_URL"));
    }

    @ParameterizedTest
    @MethodSource("workloadErrors")
    void namesWhatIsWrongWithTheWorkloadOrItsPrometheus(String workload, String url, String message) {
        Run run = run("--workload", workload, "--config", config.toString(), "--prometheus-url", url,
                "--to", TO.toString(), "--policies", "oracle,hpa", "--out", tmp.resolve("out").toString());

        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).contains(message);
        assertThat(queries).isEmpty();
    }

    @Test
    void asksPrometheusForTheWorkloadsQueryOverTheDaysBeforeToAtOneMinute() throws Exception {
        Run run = workloadRun("--days", "4", "--to", TO.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(queries).containsExactly(new HistoryQuery(QUERY, TO.minus(Duration.ofDays(4)), TO,
                Duration.ofMinutes(1)));
        JsonNode json = results();
        assertThat(json.get("workload").asText()).isEqualTo("shop/api");
        assertThat(json.get("query").asText()).isEqualTo(QUERY);
        assertThat(json.has("trace")).isFalse();
        assertThat(run.out()).startsWith("backtest of workload shop/api (" + QUERY + "): ");
    }

    @Test
    void takesTheToInstantToTheMinuteAndDefaultsToFourteenDays() {
        Run run = workloadRun("--to", "2024-03-10T00:00:42.5Z");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(queries).containsExactly(new HistoryQuery(QUERY, TO.minus(Duration.ofDays(14)), TO,
                Duration.ofMinutes(1)));
    }

    static Stream<Arguments> sizes() {
        return Stream.of(
                // C, start-up delay rounded up to whole minutes, bounds and history from the workload
                Arguments.of(List.of(), 10.0, 2, 2, 30, 2 * 1440),
                // the command line wins
                Arguments.of(List.of("--capacity-per-pod", "7.5", "--startup-delay", "5m", "--min-replicas", "3",
                        "--max-replicas", "9", "--history", "3d"), 7.5, 5, 3, 9, 3 * 1440),
                Arguments.of(List.of("--startup-delay", "3m"), 10.0, 3, 2, 30, 2 * 1440));
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void sizesTheRunByTheWorkloadUnlessTheCommandLineSaysOtherwise(List<String> extra, double c, int startup,
                                                                   int min, int max, int history) throws Exception {
        List<String> args = new ArrayList<>(List.of("--days", "4", "--to", TO.toString()));
        args.addAll(extra);

        Run run = workloadRun(args.toArray(String[]::new));

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode scenario = results().get("scenario");
        assertThat(scenario.get("capacity_per_pod").asDouble()).isEqualTo(c);
        assertThat(scenario.get("startup_delay_minutes").asInt()).isEqualTo(startup);
        assertThat(scenario.get("min_replicas").asInt()).isEqualTo(min);
        assertThat(scenario.get("max_replicas").asInt()).isEqualTo(max);
        JsonNode segment = scenario.get("segments").get(0);
        assertThat(Duration.between(Instant.parse(segment.get("data_from").asText()),
                Instant.parse(segment.get("from").asText())).toMinutes()).isEqualTo(history);
    }

    private Run workloadRun(String... extra) {
        List<String> args = new ArrayList<>(List.of("--workload", "shop/api", "--config", config.toString(),
                "--prometheus-url", "http://prometheus.test:9090", "--policies", "oracle,hpa",
                "--out", tmp.resolve("out").toString()));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    private JsonNode results() throws Exception {
        return new ObjectMapper().readTree(tmp.resolve("out/results.json").toFile());
    }

    record Run(int exit, String out, String err) {
    }

    private Run run(String... args) {
        HistorySource prometheus = query -> {
            queries.add(query);
            return new RegularSeries(dailyCycle(query), new SeriesQuality((int) query.steps(), 0, 0, 0, 0));
        };
        CommandLine cl = new CommandLine(new BacktestCommand(), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                K made = CommandLine.defaultFactory().create(cls);
                if (made instanceof BacktestInput input) {
                    input.historySources = settings -> prometheus;
                }
                return made;
            }
        });
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** Requests per second: 50 on average, 30 at night and 70 in the afternoon. */
    private static TimeSeries dailyCycle(HistoryQuery query) {
        double[] values = new double[(int) query.steps()];
        for (int i = 0; i < values.length; i++) {
            values[i] = 50 + 20 * Math.sin(2 * Math.PI * (i - 360) / 1440.0);
        }
        return new TimeSeries(query.from(), query.step(), values);
    }
}
