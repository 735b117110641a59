package dev.prescient.common.series.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import dev.prescient.common.series.HistoryException;
import dev.prescient.common.series.HistoryQuery;
import dev.prescient.common.series.RegularSeries;
import dev.prescient.common.series.Sample;
import dev.prescient.common.series.TimeSeries;
import dev.prescient.common.testing.OpenMetrics;
import dev.prescient.common.testing.PrometheusServer;
import dev.prescient.common.testing.TraceCounter;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reads real traffic back from a real Prometheus. The first 15 days of the Twitter per-minute
 * trace are backfilled as the counter {@code prescient_trace_requests_total{trace="twitter"}},
 * one sample a minute (see {@link TraceCounter}: the sample at T holds the requests before T).
 *
 * <h2>Expected rate</h2>
 * Queries evaluate {@code rate(prescient_trace_requests_total[5m])} at {@code t = T0 + m min + 30 s}
 * (m >= 5), half-way between samples, so that whether the range is closed (Prometheus 2) or
 * left-open (Prometheus 3) does not matter. The window [t - 5m, t] then holds exactly 5 samples,
 * at T0 + (m-4) .. T0 + m minutes: they span 240 s and lie 30 s from either end of the window.
 * Prometheus' {@code extrapolatedRate} extrapolates both ends because 30 s is under 1.1 times
 * the mean sample spacing (66 s); the counter-zero limit does not bite (it would take longer
 * than 30 s to reach zero at the observed slope, since the first sample is at least minute 0's
 * count and the delta covers four minutes), so the increase is scaled by 300/240 and divided
 * by the 300 s range: {@code rate = (count[m-4] + ... + count[m-1]) / 240} per second, exactly
 * the trace's mean rate over the four minutes the samples cover. The test computes that from
 * the CSV and allows only floating-point error (1e-9 relative), far tighter than 5 %. (The
 * naive mean over the whole 5-minute window would differ by more than 5 % at about 200 of
 * 4,300 points, at bursts and at the edges of the daily zero runs.) The first 5 minutes, where
 * the window reaches before the first sample, are not queried.
 */
@QuarkusTest
class PrometheusHistorySourceIT {

    private static final String METRIC = "prescient_trace_requests";
    private static final String RATE = "rate(" + METRIC + "_total[5m])";
    private static final Instant T0 = Instant.parse("2021-08-01T00:00:00Z");
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Instant FIRST_EVALUATION = T0.plus(Duration.ofSeconds(5 * 60 + 30));

    private static PrometheusServer prometheus;
    private static double[] perMinute;

    @BeforeAll
    static void startPrometheusWithFifteenDaysOfTrace() throws Exception {
        List<Sample> rows = TraceCounter.readPerMinute(
                TraceCounter.tracesDir().resolve("twitter-2021-08-per-minute.csv"), T0, T0.plus(Duration.ofDays(15)));
        perMinute = rows.stream().mapToDouble(Sample::value).toArray();
        prometheus = PrometheusServer.start(OpenMetrics.counter(METRIC, Map.of("trace", "twitter"),
                TraceCounter.counter(rows)));
    }

    @AfterAll
    static void stopPrometheus() {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    /** The trace's mean per-second rate over the 4 minutes before {@code t - 30 s}; see the class comment. */
    private static double expectedRate(Instant t) {
        long seconds = Duration.between(T0, t).toSeconds();
        assertThat(seconds % 60).as("evaluation time %s is half-way between samples", t).isEqualTo(30);
        int m = (int) (seconds / 60);
        double requests = 0;
        for (int i = m - 4; i < m; i++) {
            requests += perMinute[i];
        }
        return requests / 240.0;
    }

    private static RegularSeries fetch(HistoryQuery query) {
        try (PrometheusHistorySource source = PrometheusHistorySource.create(
                PrometheusSettings.of(prometheus.url()))) {
            return source.fetch(query);
        }
    }

    private static void assertMatchesTrace(TimeSeries series) {
        for (int i = 0; i < series.size(); i++) {
            double expected = expectedRate(series.timeAt(i));
            assertThat(series.valueAt(i)).as("rate at %s", series.timeAt(i))
                    .isCloseTo(expected, within(1e-9 * Math.max(1, expected)));
        }
    }

    @Test
    void threeDaysOfRateMatchTheTraceAsPrometheusComputesIt() {
        HistoryQuery query = new HistoryQuery(RATE, FIRST_EVALUATION, FIRST_EVALUATION.plus(Duration.ofDays(3)), MINUTE);

        RegularSeries result = fetch(query);

        assertThat(result.series().size()).isEqualTo(4_320);
        assertThat(result.series().gapCount()).isZero();
        assertThat(result.quality().rawSamples()).isEqualTo(4_320);
        assertMatchesTrace(result.series());
    }

    @Test
    void fourteenDaysAtOneMinuteComeBackAsOneSeriesFromTwoRequests() throws Exception {
        HistoryQuery query = new HistoryQuery(RATE, FIRST_EVALUATION, FIRST_EVALUATION.plus(Duration.ofDays(14)),
                MINUTE);
        long requestsBefore = prometheus.requestCount("/api/v1/query_range", 200);

        RegularSeries result = fetch(query);

        assertThat(prometheus.requestCount("/api/v1/query_range", 200) - requestsBefore).isEqualTo(2);
        assertThat(result.series().size()).isEqualTo(20_160);
        assertThat(result.quality().rawSamples()).isEqualTo(20_160);
        assertThat(result.series().gapCount()).isZero();
        assertMatchesTrace(result.series());
    }

    @Test
    void badPromqlCarriesPrometheusOwnErrorText() {
        HistoryQuery query = new HistoryQuery("rate(" + METRIC + "_total[5m]", FIRST_EVALUATION,
                FIRST_EVALUATION.plus(Duration.ofHours(1)), MINUTE);

        HistoryException e = catchThrowableOfType(HistoryException.class, () -> fetch(query));

        assertThat(e.isTransient()).isFalse();
        assertThat(e).hasMessageContaining("rejected " + query + " (HTTP 400 bad_data): 1:40: parse error: "
                + "unclosed left parenthesis; check the PromQL expression");
    }

    @Test
    void unknownMetricIsAnEmptyResultNamingTheQueryAndRange() {
        HistoryQuery query = new HistoryQuery("rate(no_such_metric_total[5m])", FIRST_EVALUATION,
                FIRST_EVALUATION.plus(Duration.ofHours(1)), MINUTE);

        HistoryException e = catchThrowableOfType(HistoryException.class, () -> fetch(query));

        assertThat(e.isTransient()).isFalse();
        assertThat(e).hasMessage("Prometheus at " + prometheus.url() + "/api/v1/query_range returned no series for "
                + "'rate(no_such_metric_total[5m])' over [2021-08-01T00:05:30Z, 2021-08-01T01:05:30Z) at PT1M; check "
                + "the query and its label selectors (metric name, job, namespace) in the Prometheus UI, and that the "
                + "server holds data for that range");
    }
}
