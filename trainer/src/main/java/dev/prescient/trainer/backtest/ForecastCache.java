package dev.prescient.trainer.backtest;

import dev.prescient.common.forecast.FittedModel;
import dev.prescient.common.forecast.Forecast;
import dev.prescient.common.forecast.ForecastException;
import dev.prescient.common.forecast.ForecastSettings;
import dev.prescient.common.forecast.Forecaster;
import dev.prescient.common.series.TimeSeries;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Forecasts a backtest made before, kept on disk so that a second run on the same data (another SLO, interval or
 * policy) replays them instead of training again. A file holds the forecasts one forecaster made over one series;
 * its name is a SHA-256 of everything they depend on (the forecaster type, the seed, the settings, the cadence and the
 * series' values), so changed data or settings never hit a stale file. A forecaster retrained by a new version of the
 * code is not detected: clear the directory after upgrading.
 */
public final class ForecastCache {

    private static final int FORMAT = 1;

    private final Path dir;

    public ForecastCache(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create forecast cache directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The forecaster as seen through the cache for one replay over {@code series}: it replays the file named by
     * {@code parts} and the series when there is one, else records what {@code delegate} forecasts; call
     * {@link Entry#save()} after the replay.
     */
    public Entry entry(Forecaster delegate, String kind, TimeSeries series, Object... parts) {
        Path file = dir.resolve(kind + "-" + delegate.type() + "-" + hash(series, parts) + ".fc.gz");
        return Files.isRegularFile(file) ? new Entry(delegate, file, read(file), false)
                : new Entry(delegate, file, new TreeMap<>(), true);
    }

    /** A forecaster that replays cached forecasts or records new ones. */
    public static final class Entry implements Forecaster {
        private final Forecaster delegate;
        private final Path file;
        private final Map<Instant, Forecast> forecasts;
        private final boolean recording;

        Entry(Forecaster delegate, Path file, Map<Instant, Forecast> forecasts, boolean recording) {
            this.delegate = delegate;
            this.file = file;
            this.forecasts = forecasts;
            this.recording = recording;
        }

        /** Whether the forecasts come from the file (no training). */
        public boolean replays() {
            return !recording;
        }

        @Override
        public String type() {
            return delegate.type();
        }

        @Override
        public FittedModel fit(TimeSeries history, ForecastSettings settings) {
            if (!recording) {
                return new Replay(delegate.type(), forecasts, file);
            }
            FittedModel model = delegate.fit(history, settings);
            return new Recording(model, forecasts);
        }

        /** Writes what was recorded (atomically); nothing when replaying. */
        public void save() {
            if (recording) {
                write(file, forecasts);
            }
        }
    }

    private record Replay(String type, Map<Instant, Forecast> forecasts, Path file) implements FittedModel {
        @Override
        public int requiredHistorySteps() {
            return 1;
        }

        @Override
        public Forecast forecast(TimeSeries recent, int horizonSteps) {
            Forecast f = forecasts.get(recent.end());
            if (f == null) {
                throw new ForecastException("forecast cache " + file + " has no " + type + " forecast from "
                        + recent.end() + " (the original run failed there)");
            }
            return f;
        }
    }

    private record Recording(FittedModel model, Map<Instant, Forecast> forecasts) implements FittedModel {
        @Override
        public String type() {
            return model.type();
        }

        @Override
        public int requiredHistorySteps() {
            return model.requiredHistorySteps();
        }

        @Override
        public Forecast forecast(TimeSeries recent, int horizonSteps) {
            Forecast f = model.forecast(recent, horizonSteps);
            forecasts.put(f.start(), f);
            return f;
        }

        @Override
        public void close() {
            model.close();
        }
    }

    static String hash(TimeSeries series, Object... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(("format " + FORMAT + " " + String.join(" ", java.util.Arrays.stream(parts)
                    .map(String::valueOf).toList()) + " " + series.start() + " " + series.step())
                    .getBytes(StandardCharsets.UTF_8));
            ByteBuffer b = ByteBuffer.allocate(8 * series.size());
            for (double v : series.values()) {
                b.putDouble(v);
            }
            sha.update(b.array());
            return HexFormat.of().formatHex(sha.digest(), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static Map<Instant, Forecast> read(Path file) {
        Map<Instant, Forecast> out = new TreeMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = line.split(" ");
                Instant start = Instant.ofEpochSecond(Long.parseLong(f[0]));
                Duration step = Duration.ofSeconds(Long.parseLong(f[1]));
                int h = (f.length - 2) / 2;
                double[] p50 = new double[h];
                double[] p90 = new double[h];
                for (int i = 0; i < h; i++) {
                    p50[i] = Double.parseDouble(f[2 + i]);
                    p90[i] = Double.parseDouble(f[2 + h + i]);
                }
                out.put(start, new Forecast(start, step, p50, p90));
            }
            return out;
        } catch (IOException | RuntimeException e) {
            throw new UncheckedIOException("cannot read forecast cache file " + file + " (delete it to retrain): "
                    + e.getMessage(), e instanceof IOException io ? io : new IOException(e));
        }
    }

    private static void write(Path file, Map<Instant, Forecast> forecasts) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (BufferedWriter out = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(
                Files.newOutputStream(tmp)), StandardCharsets.UTF_8))) {
            for (Forecast f : forecasts.values()) {
                StringBuilder sb = new StringBuilder();
                sb.append(f.start().getEpochSecond()).append(' ').append(f.step().toSeconds());
                for (double v : f.p50()) {
                    sb.append(' ').append(v);
                }
                for (double v : f.p90()) {
                    sb.append(' ').append(v);
                }
                out.write(sb.append('\n').toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write forecast cache file " + file + ": " + e.getMessage(), e);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write forecast cache file " + file + ": " + e.getMessage(), e);
        }
    }
}
