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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Seeds the predictor benchmark ({@code predictor/bench/run.sh}): trains one LSTM (default settings,
 * 1-minute step, 30-minute horizon) on three days of a per-minute trace, uploads it as the production
 * model of N workloads {@code bench/w000..} ({@value #UPLOAD_THREADS} uploads at once), writes their workloads
 * file and an OpenMetrics backfill of at most {@value #MAX_SERIES} series: series {@code s} is the trace scaled by
 * {@code 0.5 + s / S}, moved by whole days so that the training window's end falls on the current minute (time of
 * day kept) and running two hours past it; workload {@code i} reads series {@code i mod S} (with N up to
 * {@value #MAX_SERIES}, its own). Past that, workloads share series so that Prometheus' backfill stays small; the
 * predictor still fetches, forecasts and caches each workload on its own.
 *
 * <p>Usage: {@code BenchSeed <s3-endpoint> <out-dir> <workloads> <trace.csv> [uploaded]}; S3 credentials are not
 * checked by S3Mock. Prints the version uploaded. With {@code uploaded} below {@code workloads}, only the first
 * {@code uploaded} (at least one) go to the registry, and every workload's version is written into a predictor
 * model cache, {@code <out-dir>/cache}, pinned, as a first start would have left it: S3Mock slows down as its
 * bucket grows (it took 9 minutes for the 2,000th to the 2,330th upload), so 5,000 uploads do not fit a run.
 */
public final class BenchSeed {

    private static final Duration STEP = Duration.ofMinutes(1);
    private static final Duration TRAINING = Duration.ofDays(3);
    private static final Duration AHEAD = Duration.ofHours(2);
    static final int MAX_SERIES = 1000;
    static final int UPLOAD_THREADS = 16;

    private BenchSeed() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
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
        int uploaded = args.length > 4 ? Math.max(1, Math.min(workloads, Integer.parseInt(args[4]))) : workloads;
        String version = uploadAll(registry, artifact, uploaded);
        if (uploaded < workloads) {
            seedCache(out.resolve("cache"), artifact, version, workloads);
        }
        int series = Math.min(workloads, MAX_SERIES);
        writeWorkloads(out.resolve("workloads.yaml"), workloads, series);
        writeBackfill(out.resolve("backfill.om.txt"), trace.between(anchor.minus(TRAINING), anchor.plus(AHEAD)),
                shift, series);
        System.out.println(version);
    }

    /** Uploads and promotes the artifact for every workload, {@value #UPLOAD_THREADS} at a time; the version id. */
    private static String uploadAll(ModelRegistry registry, Path artifact, int workloads) throws InterruptedException {
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(UPLOAD_THREADS);
        try {
            List<Future<String>> uploads = new ArrayList<>();
            // the first alone: it creates the bucket
            String first = registry.upload(key(0), artifact);
            registry.promote(key(0), first, "benchmark seed");
            for (int i = 1; i < workloads; i++) {
                String key = key(i);
                uploads.add(pool.submit(() -> {
                    String version = registry.upload(key, artifact);
                    registry.promote(key, version, "benchmark seed");
                    return version;
                }));
            }
            String version = first;
            for (Future<String> upload : uploads) {
                version = upload.get();
            }
            System.err.printf("uploaded and promoted %d models in %d ms%n", workloads,
                    (System.nanoTime() - started) / 1_000_000);
            return version;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot seed the registry: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Writes {@code version} for every workload into a predictor model cache and pins it there. */
    private static void seedCache(Path cache, Path artifact, String version, int workloads) throws IOException {
        for (int i = 0; i < workloads; i++) {
            Path dir = Files.createDirectories(cache.resolve("bench").resolve(name(i)));
            Path versionDir = Files.createDirectories(dir.resolve(version));
            try (var files = Files.list(artifact)) {
                for (Path file : files.toList()) {
                    Files.copy(file, versionDir.resolve(file.getFileName()));
                }
            }
            Files.writeString(dir.resolve("production"), version);
        }
        System.err.printf("seeded %d workloads' version %s into %s%n", workloads, version, cache);
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

    private static void writeWorkloads(Path file, int workloads, int series) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("workloads:\n");
            for (int i = 0; i < workloads; i++) {
                w.write("""
                          - name: %s
                            namespace: bench
                            target: {kind: Deployment, name: %s}
                            query: prescient_bench_rps{series="%s"}
                            capacityPerPod: 20
                            minReplicas: 1
                            maxReplicas: 50
                            mode: dry-run
                        """.formatted(name(i), name(i), name(i % series)));
            }
        }
    }

    private static void writeBackfill(Path file, TimeSeries window, Duration shift, int series) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("# TYPE prescient_bench_rps gauge\n# HELP prescient_bench_rps Trace requests per second.\n");
            for (int i = 0; i < series; i++) {
                double scale = (0.5 + (double) i / series) / 60;
                for (int t = 0; t < window.size(); t++) {
                    if (window.isGap(t)) {
                        continue;
                    }
                    w.write("prescient_bench_rps{series=\"" + name(i) + "\"} "
                            + String.format(Locale.ROOT, "%.4f", window.valueAt(t) * scale) + " "
                            + window.timeAt(t).plus(shift).getEpochSecond() + "\n");
                }
            }
            w.write("# EOF\n");
        }
    }
}
