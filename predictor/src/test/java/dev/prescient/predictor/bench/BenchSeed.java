package dev.prescient.predictor.bench;

import dev.prescient.common.forecast.ForecastSettings;
import dev.prescient.common.forecast.artifact.ModelArtifacts;
import dev.prescient.common.forecast.lstm.LstmForecaster;
import dev.prescient.common.forecast.lstm.LstmModel;
import dev.prescient.common.registry.ModelRegistry;
import dev.prescient.common.registry.RegistrySettings;
import dev.prescient.common.registry.S3ModelRegistry;
import dev.prescient.common.series.GapPolicy;
import dev.prescient.common.series.TimeSeries;
import dev.prescient.common.series.trace.TraceHistorySource;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Seeds the predictor benchmark ({@code predictor/bench/run.sh}): trains one LSTM (default settings,
 * 1-minute step, 30-minute horizon) on three days of a per-minute trace, uploads it as the production
 * model of N workloads {@code bench/w000..}, writes their workloads file and an OpenMetrics backfill
 * in which workload {@code i} is the trace scaled by {@code 0.5 + i / N}, moved by whole days so that
 * the training window's end falls on the current minute (time of day kept) and running two hours past it.
 *
 * <p>Usage: {@code BenchSeed <s3-endpoint> <out-dir> <workloads> <trace.csv>}; S3 credentials are not
 * checked by S3Mock. Prints the version uploaded.
 */
public final class BenchSeed {

    private static final Duration STEP = Duration.ofMinutes(1);
    private static final Duration TRAINING = Duration.ofDays(3);
    private static final Duration AHEAD = Duration.ofHours(2);

    private BenchSeed() {
    }

    public static void main(String[] args) throws IOException {
        URI s3 = URI.create(args[0]);
        Path out = Files.createDirectories(Path.of(args[1]));
        int workloads = Integer.parseInt(args[2]);
        TimeSeries trace = new TraceHistorySource(Path.of(args[3]), GapPolicy.defaults()).readAll(STEP).series();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Instant anchor = anchor(trace, now);
        Duration shift = Duration.between(anchor, now);
        TimeSeries training = perSecond(trace.between(anchor.minus(TRAINING), anchor));
        Path artifact = out.resolve("model");
        long started = System.nanoTime();
        try (LstmModel model = new LstmForecaster().fit(training, ForecastSettings.daily(STEP, 30, 42))) {
            ModelArtifacts.save(model, artifact);
            System.err.printf("trained lstm in %d ms: %s%n", (System.nanoTime() - started) / 1_000_000,
                    model.trainingSummary());
        }
        ModelRegistry registry = new S3ModelRegistry(new RegistrySettings(s3, "prescient-models", "models", "bench",
                "bench", null, Duration.ofSeconds(30)));
        String version = null;
        for (int i = 0; i < workloads; i++) {
            version = registry.upload(key(i), artifact);
            registry.promote(key(i), version, "benchmark seed");
        }
        writeWorkloads(out.resolve("workloads.yaml"), workloads);
        writeBackfill(out.resolve("backfill.om.txt"), trace.between(anchor.minus(TRAINING), anchor.plus(AHEAD)),
                shift, workloads);
        System.out.println(version);
    }

    /** The trace minute with {@code now}'s time of day that leaves three days before and two hours after it. */
    static Instant anchor(TimeSeries trace, Instant now) {
        long dayMs = Duration.ofDays(1).toMillis();
        long timeOfDay = Math.floorMod(now.toEpochMilli(), dayMs);
        long lastDay = Math.floorDiv(trace.end().minus(AHEAD).toEpochMilli(), dayMs) * dayMs;
        Instant anchor = Instant.ofEpochMilli(lastDay + timeOfDay);
        while (anchor.plus(AHEAD).isAfter(trace.end())) {
            anchor = anchor.minus(Duration.ofDays(1));
        }
        if (anchor.minus(TRAINING).isBefore(trace.start())) {
            throw new IllegalArgumentException("trace " + trace + " is shorter than three days and two hours");
        }
        return anchor;
    }

    private static TimeSeries perSecond(TimeSeries perMinute) {
        double[] v = perMinute.values();
        for (int i = 0; i < v.length; i++) {
            v[i] /= 60;
        }
        return new TimeSeries(perMinute.start(), perMinute.step(), v);
    }

    private static String key(int i) {
        return "bench/" + name(i);
    }

    private static String name(int i) {
        return String.format(Locale.ROOT, "w%03d", i);
    }

    private static void writeWorkloads(Path file, int workloads) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("workloads:\n");
            for (int i = 0; i < workloads; i++) {
                w.write("""
                          - name: %s
                            namespace: bench
                            target: {kind: Deployment, name: %s}
                            query: prescient_bench_rps{workload="%s"}
                            capacityPerPod: 20
                            minReplicas: 1
                            maxReplicas: 50
                            mode: dry-run
                        """.formatted(name(i), name(i), name(i)));
            }
        }
    }

    private static void writeBackfill(Path file, TimeSeries window, Duration shift, int workloads) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("# TYPE prescient_bench_rps gauge\n# HELP prescient_bench_rps Trace requests per second.\n");
            for (int i = 0; i < workloads; i++) {
                double scale = (0.5 + (double) i / workloads) / 60;
                for (int t = 0; t < window.size(); t++) {
                    if (window.isGap(t)) {
                        continue;
                    }
                    w.write("prescient_bench_rps{workload=\"" + name(i) + "\"} "
                            + String.format(Locale.ROOT, "%.4f", window.valueAt(t) * scale) + " "
                            + window.timeAt(t).plus(shift).getEpochSecond() + "\n");
                }
            }
            w.write("# EOF\n");
        }
    }
}
