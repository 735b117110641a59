package dev.prescient.trainer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prescient.common.series.prometheus.PrometheusHistorySource;
import dev.prescient.trainer.cli.models.RegistryOptions;
import dev.prescient.trainer.training.LogCapture;
import dev.prescient.trainer.training.Logfmt;
import dev.prescient.trainer.training.TrainingLog;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.LogRecord;
import picocli.CommandLine;

/**
 * One {@code train} run for the ITs: test credentials in place of the environment, Prometheus read
 * through {@link HttpPrometheusApi} (the production REST client needs a running Quarkus application),
 * stdout's JSON lines and the structured log lines of {@link TrainingLog} parsed.
 *
 * @param exit exit code
 * @param out stdout
 * @param err stderr
 * @param results the JSON summary lines
 * @param logs the logfmt fields of each {@link TrainingLog} line
 */
record TrainRun(int exit, String out, String err, List<JsonNode> results, List<Map<String, String>> logs) {

    static final Map<String, String> ENV = Map.of("PRESCIENT_S3_ACCESS_KEY", "test",
            "PRESCIENT_S3_SECRET_KEY", "secret-do-not-print");

    static TrainRun of(String... args) {
        TrainCommand train = new TrainCommand();
        train.historySources = settings -> new PrometheusHistorySource(new HttpPrometheusApi(settings.url()), settings);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(train, new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                K made = CommandLine.defaultFactory().create(cls);
                if (made instanceof RegistryOptions options) {
                    options.useEnvironment(ENV::get);
                }
                if (made instanceof ShardOptions options) {
                    options.useEnvironment(ENV::get);
                }
                return made;
            }
        });
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit;
        List<LogRecord> records;
        try (LogCapture capture = LogCapture.of(TrainingLog.class)) {
            exit = cl.execute(args);
            records = capture.records();
        }
        return new TrainRun(exit, out.toString(), err.toString(), json(out.toString()),
                records.stream().map(r -> Logfmt.parse(r.getMessage())).toList());
    }

    /** The only JSON line, for single-workload runs. */
    JsonNode result() {
        if (results.size() != 1) {
            throw new IllegalStateException("expected one JSON line, got " + results.size() + ":\n" + out + err);
        }
        return results.get(0);
    }

    private static List<JsonNode> json(String out) {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.strip().split("\n")) {
            if (!line.isBlank()) {
                try {
                    lines.add(new ObjectMapper().readTree(line));
                } catch (IOException e) {
                    throw new UncheckedIOException("not a JSON line: " + line, e);
                }
            }
        }
        return lines;
    }
}
