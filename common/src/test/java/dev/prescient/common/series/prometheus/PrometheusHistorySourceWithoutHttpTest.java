package dev.prescient.common.series.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prescient.common.series.HistoryException;
import dev.prescient.common.series.HistoryQuery;
import dev.prescient.common.series.RegularSeries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Chunk stitching, retry and query checks against a fake {@link PrometheusApi}: no HTTP, no waiting. */
class PrometheusHistorySourceWithoutHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant FROM = Instant.parse("2021-08-01T00:00:00Z");
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final PrometheusSettings SETTINGS = PrometheusSettings.of(URI.create("http://prometheus:9090"));

    private final List<String> calls = new ArrayList<>();
    private final List<Duration> waits = new ArrayList<>();

    /** Answers each request with value = minutes since FROM at every evaluation time in [start, end]. */
    private QueryRangeResponse minutesSinceFrom(String query, String start, String end, String step) {
        calls.add(start + ".." + end);
        long first = new BigDecimal(start).longValue();
        long last = new BigDecimal(end).longValue();
        List<String> values = new ArrayList<>();
        for (long t = first; t <= last; t += Long.parseLong(step)) {
            values.add(Long.toString((t - FROM.getEpochSecond()) / 60));
        }
        Instant chunkStart = Instant.ofEpochSecond(first);
        return parse(MatrixJson.matrix(MatrixJson.series(Map.of(), chunkStart, MINUTE, values.toArray(String[]::new))));
    }

    private static QueryRangeResponse parse(String json) {
        try {
            return JSON.readValue(json, QueryRangeResponse.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private PrometheusHistorySource source(PrometheusApi api, int maxPoints) {
        return new PrometheusHistorySource(api, SETTINGS, new Retrier(3, Duration.ofSeconds(1), waits::add), maxPoints);
    }

    @Test
    void stitchesChunksIntoOneSeriesWithoutOverlapOrMissingStep() {
        RegularSeries result = source(this::minutesSinceFrom, 3)
                .fetch(new HistoryQuery("up", FROM, FROM.plus(MINUTE.multipliedBy(7)), MINUTE));

        assertThat(calls).containsExactly("1627776000.000..1627776120.000", "1627776180.000..1627776300.000",
                "1627776360.000..1627776360.000");
        assertThat(result.series().values()).containsExactly(0, 1, 2, 3, 4, 5, 6);
    }

    @Test
    void waitsOneThenTwoSecondsBetweenAttemptsOnServerErrors() {
        PrometheusApi flaky = (query, start, end, step) -> {
            if (calls.size() < 2) {
                calls.add("503");
                throw new PrometheusHttpException(503, "unavailable", "restarting");
            }
            return minutesSinceFrom(query, start, end, step);
        };

        RegularSeries result = source(flaky, 11_000).fetch(new HistoryQuery("up", FROM, FROM.plus(MINUTE), MINUTE));

        assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(result.series().values()).containsExactly(0);
    }

    @ParameterizedTest(name = "{0} every {1} ns")
    @CsvSource(delimiter = '|', value = {
            "' '  | 60000000000 | history query ' ' over [2021-08-01T00:00:00Z, 2021-08-01T01:00:00Z) at PT1M has "
                    + "no PromQL expression; set the workload's query",
            "up   | 1500000     | history query 'up' over [2021-08-01T00:00:00Z, 2021-08-01T01:00:00Z) at PT0.0015S "
                    + "has a step finer than a millisecond, which Prometheus cannot evaluate; use a whole number "
                    + "of milliseconds",
    })
    void refusesQueriesPrometheusCannotEvaluate(String expression, long stepNanos, String message) {
        HistoryQuery query = new HistoryQuery(expression, FROM, FROM.plus(Duration.ofHours(1)),
                Duration.ofNanos(stepNanos));

        HistoryException e = catchThrowableOfType(HistoryException.class,
                () -> source(this::minutesSinceFrom, 11_000).fetch(query));

        assertThat(e).hasMessage(message);
        assertThat(e.isTransient()).isFalse();
        assertThat(calls).isEmpty();
    }
}
