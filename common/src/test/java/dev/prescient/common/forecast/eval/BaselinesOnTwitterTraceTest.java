package dev.prescient.common.forecast.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.prescient.common.forecast.ForecastSettings;
import dev.prescient.common.forecast.ForecasterRegistry;
import dev.prescient.common.series.GapPolicy;
import dev.prescient.common.series.Sample;
import dev.prescient.common.series.SeriesRegularizer;
import dev.prescient.common.series.TimeSeries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The baselines under the full protocol (3 days of history at 1 minute, 30-minute horizon, an
 * origin every 5 minutes, a refit every day) on the real per-minute Twitter trace. The expected
 * MASE figures agree with an independent implementation (about 1.05, 1.42 and 2.6).
 */
class BaselinesOnTwitterTraceTest {

    private static TimeSeries trace;

    @BeforeAll
    static void readTrace() throws IOException {
        Path file = Path.of(System.getProperty("prescient.traces.dir"), "twitter-2021-08-per-minute.csv");
        List<Sample> samples = Files.readAllLines(file).stream().skip(1).map(l -> l.split(","))
                .map(f -> new Sample(Instant.parse(f[0]), Double.parseDouble(f[1]))).toList();
        Duration minute = Duration.ofMinutes(1);
        trace = SeriesRegularizer.regularize(samples, samples.get(0).time(),
                samples.get(samples.size() - 1).time().plus(minute), minute, minute, GapPolicy.defaults()).series();
    }

    @ParameterizedTest
    @CsvSource({
        "seasonal-naive, 1.047, 89.6",
        "holt-winters,   1.416, 86.8",
        "seed-arima,     2.582, 89.8"})
    void scoresAsMeasuredOnTheTwitterTrace(String type, double mase, double coverage) {
        RollingOriginEvaluator evaluator = new RollingOriginEvaluator(new RollingOriginSchedule(4320, 30, 5, 1440),
                ForecastSettings.daily(Duration.ofMinutes(1), 30, 42));

        ForecasterScore score = evaluator.evaluate(trace, ForecasterRegistry.defaults().get(type),
                EvaluationListener.none());

        assertThat(score.origins()).isEqualTo(5461);
        assertThat(score.failedForecasts()).isZero();
        assertThat(score.mase()).isCloseTo(mase, within(0.02));
        assertThat(score.p90CoveragePercent()).isCloseTo(coverage, within(1.0));
    }
}
