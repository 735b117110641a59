package dev.prescient.predictor.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.prescient.predictor.testing.DailyLoad;
import dev.prescient.predictor.testing.RawHttp;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URL;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The API without a registry (every workload answers from the fallback) and with Prometheus down,
 * through the real HTTP stack: every refusal is JSON {error, detail} with the right status.
 */
@QuarkusTest
class ForecastApiTest {

    private static final Instant END = Instant.parse("2026-11-26T12:00:00Z");

    @TestHTTPResource("/")
    URL root;
    @Inject
    PostLimiter posts;
    @Inject
    MeterRegistry meters;

    @BeforeEach
    void awaitReady() {
        Readiness.await();
    }

    @Test
    void getAnswers503WithAJsonReasonWhenPrometheusIsDown() {
        given().queryParam("workload", "shop/api").when().get("/forecast")
                .then().statusCode(503).contentType(ContentType.JSON)
                .body("error", equalTo("history-unavailable"))
                .body("detail", containsString("cannot fetch the history of shop/api"))
                .body("detail", containsString("from Prometheus at <prometheus>"))
                .body("detail", containsString("Connection refused"))
                .body("detail", not(containsString("127.0.0.1")))
                .body("detail", not(containsString("prescient_test_rps")))
                .body("detail", not(containsString("\tat ")));
    }

    @Test
    void postAnswersFromSeasonalNaiveWhenTheWorkloadHasNoModel() {
        Map<String, Object> body = request("shop/cart", "30m", DailyLoad.values(
                END.minus(DailyLoad.STEP.multipliedBy(576)), DailyLoad.STEP, 576, 3));
        given().contentType(ContentType.JSON).body(body).when().post("/forecast")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("workload", equalTo("shop/cart"))
                .body("source", equalTo("fallback:seasonal-naive"))
                .body("model.stage", equalTo("fallback"))
                .body("model.type", equalTo("seasonal-naive"))
                .body("model.version", nullValue())
                .body("stepSeconds", equalTo(300))
                .body("historyUntil", equalTo(END.minus(DailyLoad.STEP).toString()))
                .body("points", hasSize(6))
                .body("points[0].t", equalTo(END.toString()))
                .body("points[5].t", equalTo(END.plus(DailyLoad.STEP.multipliedBy(5)).toString()))
                .body("points.p50", everyItem(org.hamcrest.Matchers.greaterThan(50f)))
                .body("freshness.modelLoadedAt", nullValue())
                .body("$", not(hasKey("sizing")));
    }

    @Test
    void postForecastsTheSameDayAgoShapeAsTheHistory() {
        double[] values = DailyLoad.values(END.minus(DailyLoad.STEP.multipliedBy(576)), DailyLoad.STEP, 576, 5);
        List<Float> p50 = given().contentType(ContentType.JSON).body(request("shop/api", "15m", values))
                .when().post("/forecast").then().statusCode(200).extract().jsonPath().getList("points.p50", Float.class);
        // seasonal naive: the value one day (288 steps) before each forecast step
        assertThatCloseTo(p50, Arrays.copyOfRange(values, 576 - 288, 576 - 288 + 3));
    }

    @Test
    void unknownWorkloadIs404ListingTheKnownOnes() {
        given().queryParam("workload", "shop/nope").when().get("/forecast")
                .then().statusCode(404).body("error", equalTo("unknown-workload"))
                .body("detail", equalTo("no workload 'shop/nope' is configured; known workloads: shop/api, shop/cart"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "workload|      | workload: is required; pass workload=<namespace>/<name>, one of shop/api, shop/cart",
        "workload| api  | workload: 'api' is not <namespace>/<name>",
        "workload| Shop/API | workload: 'Shop/API' is not <namespace>/<name>",
        "horizon | 7q   | horizon: cannot read '7q' as a duration; use a whole number with unit s, m, h or d",
        "horizon | -5m  | horizon: cannot read '-5m' as a duration",
        "horizon | 0m   | horizon: must lie in (0, 30m] for shop/api (its configured horizon), got 0m",
        "horizon | 2h   | horizon: must lie in (0, 30m] for shop/api (its configured horizon), got 2h",
        "horizon | 999999999999d | horizon: must lie in (0, 30m]",
        "horizon | 7m   | horizon: must be a whole number of the workload's step 5m, got 7m",
    })
    void badParameterIs400NamingIt(String parameter, String value, String detail) {
        var request = given().queryParam("workload", "shop/api");
        if ("workload".equals(parameter)) {
            request = value == null ? given() : given().queryParam("workload", value);
        } else {
            request = request.queryParam("horizon", value);
        }
        request.when().get("/forecast").then().statusCode(400).contentType(ContentType.JSON)
                .body("error", equalTo("bad-parameter")).body("detail", startsWith(detail));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"workload\": \"shop/api\", \"history\": {\"start\": \"yesterday\", \"stepSeconds\": 300, \"values\": [1]}}"
                + "| history.start: cannot read 'yesterday' as an ISO-8601 instant",
        "{\"workload\": \"shop/api\", \"history\": {\"start\": \"2026-11-26T00:00:00Z\", \"stepSeconds\": 60, "
                + "\"values\": [1]}} | history.stepSeconds: must equal the step of shop/api, 300, got 60",
        "{\"workload\": \"shop/api\", \"history\": {\"start\": \"2026-11-26T00:00:00Z\", \"stepSeconds\": 300, "
                + "\"values\": [1, -2]}} | history.values[1]: must be a finite rate >= 0 or null for a gap, got -2.0",
        "{\"workload\": \"shop/api\", \"history\": {\"start\": \"2026-11-26T00:00:00Z\", \"stepSeconds\": 300, "
                + "\"values\": [1, 1e999]}} | history.values[1]: must be a finite rate >= 0 or null for a gap, got Infinity",
        "{\"workload\": \"shop/api\", \"history\": {\"start\": \"2026-11-26T00:00:00Z\", \"stepSeconds\": 300, "
                + "\"values\": [1, \"many\"]}} | history.values[1]: must be a number or null for a gap, got a string",
        "{\"workload\": \"shop/api\", \"history\": {\"start\": \"2026-11-26T00:00:00Z\", \"stepSeconds\": 300, "
                + "\"values\": [1, 2, 3]}} | history.values: cannot forecast shop/api from",
        "{\"workload\": \"shop/api\"} | history: is required",
        "{\"workload\": \"shop/api\", \"history\": null} | history: is required",
        "{\"workload\": 42, \"history\": null} | workload: must be a string, got a number",
        "{\"workload\": \"shop/api\", | body: is not valid JSON",
        "[1, 2] | body: is not valid JSON of the expected shape",
        "{\"workload\": \"shop/api\", \"x\": [[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]} | body: is refused: Document nesting depth",
    })
    void malformedBodyIs400NamingTheField(String body, String detail) {
        given().contentType(ContentType.JSON).body(body).when().post("/forecast")
                .then().statusCode(400).contentType(ContentType.JSON)
                .body("error", equalTo("bad-parameter")).body("detail", startsWith(detail));
    }

    @Test
    void aBodyLargerThanTheLimitIs413JsonBeforeItIsRead() throws IOException {
        double before = rejected("body-too-large");
        byte[] body = new byte[4 * 1024 * 1024 + 1];
        Arrays.fill(body, (byte) ' ');

        RawHttp.Answer answer = RawHttp.send(root.getPort(), RawHttp.post("/forecast", "application/json", body), 30_000);

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.text()).containsIgnoringCase("content-type: application/json");
        assertThat(answer.body()).isEqualTo("{\"error\":\"body-too-large\",\"detail\":\"the body is larger than 4194304 "
                + "bytes, the most this predictor reads (quarkus.http.limits.max-body-size); a POST /forecast carries at "
                + "most 100000 values\"}");
        assertThat(rejected("body-too-large")).isEqualTo(before + 1);
    }

    @Test
    void aChunkedBodyOverTheLimitIs413JsonAndTheConnectionIsClosed() throws IOException {
        double before = rejected("body-too-large");
        byte[] body = new byte[4 * 1024 * 1024];
        Arrays.fill(body, (byte) ' ');

        RawHttp.Answer answer = RawHttp.send(root.getPort(), RawHttp.postChunked("/forecast", "application/json",
                body), 30_000);

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.text()).containsIgnoringCase("connection: close");
        assertThat(answer.body()).isEqualTo("{\"error\":\"body-too-large\",\"detail\":\"the body has more than "
                + "3145728 bytes, the most this predictor reads of a body without Content-Length; a POST /forecast "
                + "carries at most 100000 values\"}");
        assertThat(rejected("body-too-large")).isEqualTo(before + 1);
    }

    @Test
    void theMostValuesAtFullDoublePrecisionFitTheBodyLimit() {
        // the widest non-negative double Java writes, between ", ": 25 bytes a value, 2.5 MB in all
        String values = String.join(", ", java.util.Collections.nCopies(RequestParser.MAX_VALUES,
                Double.toString(1.2345678901234567E-123)));
        String body = "{\"workload\": \"shop/api\", \"horizon\": \"5m\", \"history\": {\"start\": "
                + "\"2026-01-01T00:00:00Z\", \"stepSeconds\": 300, \"values\": [" + values + "]}}";
        assertThat(body.length()).isGreaterThan(2_500_000);

        given().contentType(ContentType.JSON).body(body).when().post("/forecast").then().statusCode(200)
                .body("source", equalTo("fallback:seasonal-naive")).body("points", hasSize(1));
    }

    @Test
    void oneValueMoreThanTheCapIs400() {
        String body = "{\"workload\": \"shop/api\", \"history\": {\"start\": \"2026-01-01T00:00:00Z\", "
                + "\"stepSeconds\": 300, \"values\": [" + "1,".repeat(RequestParser.MAX_VALUES) + "1]}}";

        given().contentType(ContentType.JSON).body(body).when().post("/forecast").then().statusCode(400)
                .contentType(ContentType.JSON).body("error", equalTo("bad-parameter"))
                .body("detail", equalTo("history.values: must hold 1 to 100000 values, got more; the body was read "
                        + "no further"));
    }

    @Test
    void aPostBeyondTheConcurrencyLimitIs503BusyAndCounted() {
        Map<String, Object> body = request("shop/api", "30m", DailyLoad.values(
                END.minus(DailyLoad.STEP.multipliedBy(576)), DailyLoad.STEP, 576, 3));
        List<PostLimiter.Permit> held = new ArrayList<>();
        try {
            for (Optional<PostLimiter.Permit> p = posts.tryAcquire(); p.isPresent(); p = posts.tryAcquire()) {
                held.add(p.get());
            }
            assertThat(held).hasSize(2);
            double before = rejected("busy");

            given().contentType(ContentType.JSON).body(body).when().post("/forecast").then().statusCode(503)
                    .contentType(ContentType.JSON).header("Retry-After", "1").body("error", equalTo("busy"))
                    .body("detail", equalTo("2 POST /forecast request(s) are being computed, the most this predictor "
                            + "runs at once (prescient.predictor.max-concurrent-posts); retry shortly"));
            assertThat(rejected("busy")).isEqualTo(before + 1);
        } finally {
            held.forEach(PostLimiter.Permit::close);
        }
        given().contentType(ContentType.JSON).body(body).when().post("/forecast").then().statusCode(200);
    }

    @Test
    void frameworkRefusalsAreJsonToo() {
        given().when().get("/nothing-here").then().statusCode(404).contentType(ContentType.JSON)
                .body("error", equalTo("not-found"));
        given().when().delete("/forecast").then().statusCode(405).contentType(ContentType.JSON)
                .body("error", equalTo("method-not-allowed"));
        given().contentType(ContentType.TEXT).body("hello").when().post("/forecast").then().statusCode(415)
                .contentType(ContentType.JSON).body("error", equalTo("unsupported-media-type"));
    }

    @Test
    void workloadsListsEachWorkloadWithItsFallback() {
        given().when().get("/workloads").then().statusCode(200)
                .body("workload", equalTo(List.of("shop/api", "shop/cart")))
                .body("state", everyItem(equalTo("fallback")))
                .body("source", everyItem(equalTo("fallback:seasonal-naive")))
                .body("fallbackReason", everyItem(containsString("no model registry is configured")))
                .body("stepSeconds", everyItem(equalTo(300)))
                .body("horizonSeconds", everyItem(equalTo(1800)));
    }

    @Test
    void readinessCountsWorkloadsOnTheFallbackAndLivenessIsSeparate() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks[0].data.workloads", equalTo(2)).body("checks[0].data.fallback", equalTo(2))
                .body("checks[0].data.model", equalTo(0));
        given().when().get("/q/health/live").then().statusCode(200)
                .body("checks.name", equalTo(List.of("registry-poller")));
    }

    @Test
    void openApiDescribesTheEndpoints() {
        given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                .body("paths.'/forecast'.get.parameters.name", org.hamcrest.Matchers.containsInAnyOrder("workload", "horizon"))
                .body("paths.'/forecast'.post.requestBody.content.'application/json'.schema.'$ref'",
                        containsString("ForecastRequest"))
                .body("paths.'/forecast'.get.responses.keySet()", org.hamcrest.Matchers.hasItems("200", "400",
                        "404", "503"))
                .body("paths.'/workloads'.get.summary", containsString("workloads"))
                .body("components.schemas.ForecastResponse.properties.sizing.description",
                        containsString("sizing.json"))
                .body("components.schemas.ForecastResponse.properties.sizing.type", equalTo("object"))
                .body("components.schemas.ForecastResponse.properties.sizing.examples[0].reactive.target_utilization",
                        equalTo(0.75f));
    }

    @Test
    void metricsUsePrometheusNames() {
        given().queryParam("workload", "shop/api").get("/forecast").then().statusCode(503);
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        org.assertj.core.api.Assertions.assertThat(metrics)
                .contains("prescient_forecast_requests_total{source=\"unavailable\",workload=\"shop/api\"}")
                .contains("prescient_history_query_seconds_bucket{outcome=\"error\",le=")
                .containsPattern("prescient_history_query_failures_total\\{workload=\"shop/api\"} [1-9]")
                .contains("prescient_forecast_request_seconds_bucket{method=\"GET\"")
                .contains("prescient_model_fallback_active{workload=\"shop/cart\"} 1.0")
                .contains("prescient_requests_rejected_total{reason=\"unauthorized\"} 0.0");
    }

    private double rejected(String reason) {
        return meters.find("prescient.requests.rejected").tag("reason", reason).counter().count();
    }

    static Map<String, Object> request(String workload, String horizon, double[] values) {
        Map<String, Object> history = new LinkedHashMap<>();
        history.put("start", END.minus(DailyLoad.STEP.multipliedBy(values.length)).toString());
        history.put("stepSeconds", DailyLoad.STEP.toSeconds());
        history.put("values", values);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("workload", workload);
        body.put("horizon", horizon);
        body.put("history", history);
        return body;
    }

    private static void assertThatCloseTo(List<Float> actual, double[] expected) {
        org.assertj.core.api.Assertions.assertThat(actual).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            org.assertj.core.api.Assertions.assertThat((double) actual.get(i))
                    .isCloseTo(expected[i], org.assertj.core.api.Assertions.within(1e-3));
        }
    }
}
