package dev.prescient.common.series.prometheus;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.prescient.common.series.prometheus.MatrixJson.counting;
import static dev.prescient.common.series.prometheus.MatrixJson.error;
import static dev.prescient.common.series.prometheus.MatrixJson.matrix;
import static dev.prescient.common.series.prometheus.MatrixJson.series;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.prescient.common.series.HistoryException;
import dev.prescient.common.series.HistoryQuery;
import dev.prescient.common.series.RegularSeries;
import dev.prescient.common.series.TimeSeries;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The source against WireMock, which plays Prometheus and injects faults. A {@code @QuarkusTest}
 * because the Quarkus REST client only runs inside a Quarkus application.
 */
@QuarkusTest
class PrometheusHistorySourceTest {

    private static final String PATH = "/api/v1/query_range";
    private static final String PROMQL = "sum(rate(http_requests_total{job=\"api\"}[5m]))";
    private static final Instant FROM = Instant.parse("2021-08-01T00:00:00Z");
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final String ONE_HOUR = "'" + PROMQL + "' over [2021-08-01T00:00:00Z, 2021-08-01T01:00:00Z) at PT1M";

    private static WireMockServer wireMock;

    @BeforeAll
    static void startWireMock() {
        wireMock = new WireMockServer(0);
        wireMock.start();
    }

    @AfterAll
    static void stopWireMock() {
        wireMock.stop();
    }

    @BeforeEach
    void resetWireMock() {
        wireMock.resetAll();
    }

    private static HistoryQuery minutes(int count) {
        return new HistoryQuery(PROMQL, FROM, FROM.plus(MINUTE.multipliedBy(count)), MINUTE);
    }

    /** Short timeout, two retries after 1 ms, 2 ms: three attempts. */
    private static PrometheusSettings settings() {
        return PrometheusSettings.of(URI.create(wireMock.baseUrl()))
                .withTimeout(Duration.ofMillis(1_000))
                .withRetries(2, Duration.ofMillis(1));
    }

    private static RegularSeries fetch(PrometheusSettings settings, HistoryQuery query) {
        try (PrometheusHistorySource source = PrometheusHistorySource.create(settings)) {
            return source.fetch(query);
        }
    }

    private static void answer(ResponseDefinitionBuilder response) {
        wireMock.stubFor(get(urlPathEqualTo(PATH)).willReturn(response));
    }

    private static List<LoggedRequest> requests() {
        return wireMock.findAll(getRequestedFor(urlPathEqualTo(PATH)));
    }

    /** One fault per row: what WireMock answers, whether the failure is transient, how often it was asked. */
    enum Fault {
        BAD_PROMQL(() -> aResponse().withStatus(400).withBody(error("bad_data",
                "invalid parameter \\\"query\\\": 1:5: parse error: unexpected end of input")), false, 1,
                "Prometheus at %s rejected " + ONE_HOUR + " (HTTP 400 bad_data): invalid parameter \"query\": "
                        + "1:5: parse error: unexpected end of input; check the PromQL expression (syntax, "
                        + "functions, label names) and the range"),
        TOO_MANY_SAMPLES(() -> aResponse().withStatus(422).withBody(error("execution",
                "query processing would load too many samples into memory in query execution")), false, 1,
                "Prometheus at %s rejected " + ONE_HOUR + " (HTTP 422 execution): query processing would load too "
                        + "many samples into memory in query execution; check the PromQL expression"),
        UNAUTHORIZED(() -> aResponse().withStatus(401).withBody("Unauthorized"), false, 1,
                "Prometheus at %s rejected " + ONE_HOUR + " (HTTP 401): Unauthorized; check "
                        + "prescient.prometheus.bearer-token or username/password"),
        NOT_FOUND(() -> aResponse().withStatus(404).withBody("404 page not found"), false, 1,
                "(HTTP 404): 404 page not found; check prescient.prometheus.url: it must be the server root"),
        UNAVAILABLE(() -> aResponse().withStatus(503).withBody(error("unavailable", "too many queries")), true, 3,
                "cannot fetch " + ONE_HOUR + " from Prometheus at %s after 3 attempts; last error: "
                        + "HTTP 503 unavailable: too many queries; check that Prometheus is up and reachable, "
                        + "or raise prescient.prometheus.timeout or retries"),
        SLOWER_THAN_TIMEOUT(() -> okJson(matrix()).withFixedDelay(3_000), true, 3,
                "cannot fetch " + ONE_HOUR + " from Prometheus at %s after 3 attempts; last error: "
                        + "NoStackTraceTimeoutException: The timeout period of 1000ms has been exceeded"),
        CONNECTION_RESET(() -> aResponse().withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER),
                true, 3, "cannot fetch " + ONE_HOUR + " from Prometheus at %s after 3 attempts; last error: "
                        + "SocketException: Connection reset; check that Prometheus is up"),
        NOT_JSON(() -> okJson("<html><body>Login</body></html>"), false, 1,
                "Prometheus at %s answered " + ONE_HOUR + " with a body that is not a query_range matrix: "
                        + "JsonParseException: Unexpected character ('<' (code 60))"),
        NOT_A_NUMBER(() -> okJson(matrix(series(Map.of(), FROM, MINUTE, "1", "many"))), false, 1,
                "Prometheus at %s answered " + ONE_HOUR + " with a body that is not a query_range matrix: "
                        + "not a Prometheus sample value: 'many'; check that prescient.prometheus.url points at "
                        + "Prometheus"),
        STATUS_ERROR_WITH_200(() -> okJson(error("execution", "query timed out in expression evaluation")), false,
                1, "Prometheus at %s rejected " + ONE_HOUR + " (HTTP 200 execution): query timed out in expression "
                        + "evaluation; check the PromQL expression"),
        EMPTY_BODY(() -> aResponse().withStatus(200).withHeader("Content-Type", "application/json"), false, 1,
                "Prometheus at %s answered " + ONE_HOUR + " with an empty body; check that "),
        EMPTY_RESULT(() -> okJson(matrix()), false, 1,
                "Prometheus at %s returned no series for " + ONE_HOUR + "; check the query and its label selectors "
                        + "(metric name, job, namespace) in the Prometheus UI, and that the server holds data for "
                        + "that range");

        final Supplier<ResponseDefinitionBuilder> response;
        final boolean isTransient;
        final int requests;
        final String message;

        Fault(Supplier<ResponseDefinitionBuilder> response, boolean isTransient, int requests, String message) {
            this.response = response;
            this.isTransient = isTransient;
            this.requests = requests;
            this.message = message;
        }
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void turnsEachFaultIntoAHistoryExceptionThatNamesQueryRangeAndServer(Fault fault) {
        answer(fault.response.get());

        HistoryException e = catchThrowableOfType(HistoryException.class, () -> fetch(settings(), minutes(60)));

        assertThat(e).hasMessageContaining(fault.message.formatted(settings().queryRangeUrl()));
        assertThat(e.isTransient()).isEqualTo(fault.isTransient);
        assertThat(requests()).hasSize(fault.requests);
    }

    @Test
    void retriesAfterA503AndReturnsTheSeries() {
        wireMock.stubFor(get(urlPathEqualTo(PATH)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withBody(error("unavailable", "restarting")))
                .willSetStateTo("up"));
        wireMock.stubFor(get(urlPathEqualTo(PATH)).inScenario("flaky").whenScenarioStateIs("up")
                .willReturn(okJson(matrix(series(Map.of(), FROM, MINUTE, "1", "2", "3")))));

        RegularSeries result = fetch(settings(), minutes(3));

        assertThat(requests()).hasSize(2);
        assertThat(result.series().values()).containsExactly(1, 2, 3);
    }

    @Test
    void refusedConnectionIsTransientAndNamesTheUrlAndTheCause() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        PrometheusSettings settings = PrometheusSettings.of(URI.create("http://127.0.0.1:" + closedPort))
                .withRetries(1, Duration.ofMillis(1));

        HistoryException e = catchThrowableOfType(HistoryException.class, () -> fetch(settings, minutes(60)));

        assertThat(e.isTransient()).isTrue();
        assertThat(e).hasMessageStartingWith("cannot fetch " + ONE_HOUR + " from Prometheus at http://127.0.0.1:"
                + closedPort + "/api/v1/query_range after 2 attempts; last error: ConnectException: Connection refused");
    }

    @Test
    void sumsSeveralSeriesByDefault() {
        answer(okJson(matrix(series(Map.of("pod", "a"), FROM, MINUTE, "1", "2", "3"),
                series(Map.of("pod", "b"), FROM, MINUTE, "10", "20", "30"))));

        RegularSeries result = fetch(settings(), minutes(3));

        assertThat(result.series().values()).containsExactly(11, 22, 33);
        assertThat(result.quality().rawSamples()).isEqualTo(6);
    }

    @Test
    void refusesSeveralSeriesInErrorModeNamingTheirLabelSets() {
        answer(okJson(matrix(series(Map.of("pod", "a", "job", "api"), FROM, MINUTE, "1", "2", "3"),
                series(Map.of("pod", "b", "job", "api"), FROM, MINUTE, "10", "20", "30"))));

        HistoryException e = catchThrowableOfType(HistoryException.class,
                () -> fetch(settings().withOnMultipleSeries(MultipleSeriesPolicy.ERROR), minutes(60)));

        assertThat(e.isTransient()).isFalse();
        assertThat(e).hasMessage("Prometheus returned 2 series for " + ONE_HOUR + " but "
                + "prescient.prometheus.on-multiple-series=error: {job=\"api\", pod=\"a\"}, {job=\"api\", pod=\"b\"}; "
                + "aggregate them in the query (e.g. sum(...)) or set on-multiple-series=sum");
    }

    @Test
    void dropsAndCountsNanAndInfiniteValuesThenInterpolatesOverThem() {
        answer(okJson(matrix(series(Map.of(), FROM, MINUTE, "1", "NaN", "+Inf", "4", "-Inf", "6"))));

        RegularSeries result = fetch(settings(), minutes(6));

        assertThat(result.series().values()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(result.quality().rawSamples()).isEqualTo(6);
        assertThat(result.quality().droppedNonFinite()).isEqualTo(3);
        assertThat(result.quality().interpolatedSteps()).isEqualTo(3);
    }

    @Test
    void keepsATwentyMinuteGapAsTwentyNanSteps() {
        String[] values = counting(100, 30);
        for (int i = 5; i < 25; i++) {
            values[i] = null;
        }
        answer(okJson(matrix(series(Map.of(), FROM, MINUTE, values))));

        TimeSeries series = fetch(settings(), minutes(30)).series();

        assertThat(series.size()).isEqualTo(30);
        for (int i = 0; i < 30; i++) {
            assertThat(series.isGap(i)).as("step %d is a gap", i).isEqualTo(i >= 5 && i < 25);
        }
        assertThat(series.valueAt(4)).isEqualTo(104);
        assertThat(series.valueAt(25)).isEqualTo(125);
    }

    @Test
    void fillsAThreeMinuteGapLinearly() {
        answer(okJson(matrix(series(Map.of(), FROM, MINUTE, "10", "20", null, null, null, "60", "70"))));

        RegularSeries result = fetch(settings(), minutes(7));

        assertThat(result.series().values()).containsExactly(10, 20, 30, 40, 50, 60, 70);
        assertThat(result.quality().interpolatedSteps()).isEqualTo(3);
        assertThat(result.quality().gapSteps()).isZero();
    }

    @Test
    void splitsFourteenDaysAtOneMinuteIntoTwoRequestsThatTileTheRange() {
        Instant secondStart = FROM.plus(MINUTE.multipliedBy(11_000));
        wireMock.stubFor(get(urlPathEqualTo(PATH)).withQueryParam("start", equalTo("1627776000.000"))
                .willReturn(okJson(matrix(series(Map.of(), FROM, MINUTE, counting(0, 11_000))))));
        wireMock.stubFor(get(urlPathEqualTo(PATH)).withQueryParam("start", equalTo("1628436000.000"))
                .willReturn(okJson(matrix(series(Map.of(), secondStart, MINUTE, counting(11_000, 9_160))))));

        TimeSeries series = fetch(settings(), new HistoryQuery(PROMQL, FROM, FROM.plus(Duration.ofDays(14)), MINUTE))
                .series();

        assertThat(requests()).extracting(r -> List.of(r.queryParameter("start").firstValue(),
                        r.queryParameter("end").firstValue(), r.queryParameter("step").firstValue()))
                .containsExactly(List.of("1627776000.000", "1628435940.000", "60"),
                        List.of("1628436000.000", "1628985540.000", "60"));
        assertThat(series.size()).isEqualTo(20_160);
        assertThat(series.gapCount()).isZero();
        for (int i = 0; i < series.size(); i++) {
            assertThat(series.valueAt(i)).as("step %d", i).isEqualTo(i);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "bearer, s3cr3t-t0ken, , Bearer s3cr3t-t0ken",
            "basic,  prescient,    hunter2, Basic cHJlc2NpZW50Omh1bnRlcjI=",
    })
    void sendsTheConfiguredAuthorizationHeader(String kind, String user, String password, String header) {
        answer(okJson(matrix(series(Map.of(), FROM, MINUTE, "1"))));
        PrometheusSettings settings = "bearer".equals(kind) ? settings().withBearerToken(user)
                : settings().withBasicAuth(user, password);

        fetch(settings, minutes(1));

        assertThat(requests()).singleElement()
                .satisfies(r -> assertThat(r.getHeader("Authorization")).isEqualTo(header));
    }
}
