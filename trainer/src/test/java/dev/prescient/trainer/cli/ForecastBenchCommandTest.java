package dev.prescient.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ForecastBenchCommandTest {

    private static final String[] SCHEDULE = {"--step", "5m", "--history", "3d", "--horizon", "30m",
        "--origin-every", "30m", "--refit-every", "24h"};

    @TempDir
    Path dir;

    private Path trace;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void writeSyntheticTrace() throws IOException {
        // 5 days at 5 minutes in the NAB timestamp form: a daily sine of mean 100, amplitude 50, plus
        // noise uniform in [-5, 5].
        Random random = new Random(1);
        DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        LocalDateTime start = LocalDateTime.parse("2026-01-01T00:02:53");
        List<String> lines = new ArrayList<>(List.of("timestamp,value"));
        for (int t = 0; t < 5 * 288; t++) {
            double value = 100 + 50 * Math.sin(2 * Math.PI * t / 288) + 10 * (random.nextDouble() - 0.5);
            lines.add(start.plusMinutes(5L * t).format(format) + "," + value);
        }
        trace = dir.resolve("synthetic.csv");
        Files.write(trace, lines);
    }

    @Test
    void printsATableRowPerForecasterWithSaneFigures() {
        int exit = run(args("--trace", trace.toString()));

        assertThat(exit).as(err.toString()).isZero();
        Map<String, String[]> rows = tableRows();
        assertThat(rows.keySet()).containsExactly("seasonal-naive", "holt-winters", "seed-arima");
        // origins 864, 870, ..., 1434 -> 96; a refit every 288 steps -> 2
        rows.values().forEach(r -> assertThat(Arrays.copyOfRange(r, 1, 3)).containsExactly("96", "2"));
        // Day-ago forecast of a periodic series: errors are noise differences, like its own scale.
        assertThat(mase(rows, "seasonal-naive")).isCloseTo(1.0, within(0.15));
        // Holt-Winters recovers the sine: errors are the noise alone, E|U| / E|U1 - U2| = 2.5 / 3.33.
        assertThat(mase(rows, "holt-winters")).isCloseTo(0.75, within(0.15));
        assertThat(mase(rows, "seed-arima")).isPositive().isLessThan(10);
        rows.values().forEach(r -> assertThat(Double.parseDouble(r[6])).isBetween(50.0, 100.0));
        assertThat(err.toString()).contains("evaluating holt-winters", "holt-winters   [##############################] 2/2 refits");
    }

    @Test
    void writesTheFiguresAsJson() throws IOException {
        Path json = dir.resolve("bench.json");

        int exit = run(args("--trace", trace.toString(), "--json", json.toString()));

        assertThat(exit).as(err.toString()).isZero();
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.get("step").asText()).isEqualTo("PT5M");
        assertThat(report.get("seasonSteps").asInt()).isEqualTo(288);
        assertThat(report.get("historySteps").asInt()).isEqualTo(864);
        assertThat(report.get("horizonSteps").asInt()).isEqualTo(6);
        assertThat(report.get("from").asText()).isEqualTo("2026-01-01T00:02:53Z");
        Map<String, String[]> rows = tableRows();
        List<String> types = new ArrayList<>();
        for (JsonNode r : report.get("results")) {
            String type = r.get("type").asText();
            types.add(type);
            assertThat(r.get("origins").asInt()).isEqualTo(96);
            assertThat(r.get("points").asLong()).isEqualTo(96 * 6);
            assertThat(r.get("mase").asDouble()).isCloseTo(mase(rows, type), within(0.0005));
            assertThat(r.get("p90CoveragePercent").asDouble()).isBetween(50.0, 100.0);
            assertThat(r.get("fitSecondsMax").asDouble()).isGreaterThanOrEqualTo(r.get("fitSecondsMean").asDouble());
        }
        assertThat(types).containsExactly("seasonal-naive", "holt-winters", "seed-arima");
    }

    @Test
    void unknownForecasterIsAUsageErrorListingTheKnownOnes() {
        int exit = run(args("--trace", trace.toString(), "--forecasters", "seasonal-naive,nope"));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--forecasters': unknown forecaster type 'nope';"
                + " known types: seasonal-naive, holt-winters, seed-arima");
    }

    @Test
    void durationThatIsNotAWholeNumberOfStepsIsAUsageError() {
        String[] a = args("--trace", trace.toString());
        a[Arrays.asList(a).indexOf("--horizon") + 1] = "7m";

        int exit = run(a);

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--horizon': PT7M is not a positive whole"
                + " number of steps of PT5M");
    }

    @Test
    void missingTraceFailsNamingTheFile() {
        int exit = run(args("--trace", dir.resolve("absent.csv").toString()));

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("forecast-bench failed: cannot read trace file " + dir.resolve("absent.csv") + ": no such file");
    }

    @Test
    void traceShorterThanHistoryPlusHorizonFails() {
        int exit = run(args("--trace", trace.toString(), "--to", "2026-01-03T00:00:00Z"));

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("forecast-bench failed: cannot evaluate seasonal-naive",
                "needs at least 870 steps (history plus horizon), got 576");
    }

    @Test
    void comparesEveryRegisteredForecasterByDefaultTheLstmIncluded() {
        ForecastBenchCommand command = new ForecastBenchCommand();
        new CommandLine(command).parseArgs("--trace", trace.toString());

        assertThat(command.forecasterTypes()).containsExactly("seasonal-naive", "holt-winters", "seed-arima", "lstm");
    }

    /** The schedule, the baselines unless {@code extra} names the forecasters (the LSTM trains for seconds), then extra. */
    private String[] args(String... extra) {
        List<String> all = new ArrayList<>(Arrays.asList(SCHEDULE));
        if (!Arrays.asList(extra).contains("--forecasters")) {
            all.addAll(List.of("--forecasters", "seasonal-naive,holt-winters,seed-arima"));
        }
        all.addAll(Arrays.asList(extra));
        return all.toArray(String[]::new);
    }

    private int run(String[] args) {
        CommandLine cmd = new CommandLine(new ForecastBenchCommand());
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    /** Table rows by forecaster, split on whitespace. */
    private Map<String, String[]> tableRows() {
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.get(0)).startsWith("forecaster").contains("MAE", "sMAPE%", "MASE", "p90cov%");
        return lines.stream().skip(1).map(l -> l.trim().split("\\s+"))
                .collect(Collectors.toMap(r -> r[0], Function.identity(), (a, b) -> a, java.util.LinkedHashMap::new));
    }

    private static double mase(Map<String, String[]> rows, String type) {
        return Double.parseDouble(rows.get(type)[5]);
    }
}
