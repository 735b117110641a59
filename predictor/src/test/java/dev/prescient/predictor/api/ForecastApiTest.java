package dev.prescient.predictor.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.prescient.predictor.testing.DailyLoad;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
                .body("detail", containsString("http://127.0.0.1:9"))
                .body("detail", containsString("Connection refused"))
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
                + "| body: field 'history.start':",
        "{\"workload\": \"shop/api\", \"history\": {\"start\": \"2026-11-26T00:00:00Z\", \"stepSeconds\": 60, "
                + "\"values\": [1]}} | history.stepSeconds: must equal the step of shop/api, 300, got 60",
        "{\"workload\": \"shop/api\", \"history\": {\"start\": \"2026-11-26T00:00:00Z\", \"stepSeconds\": 300, "
                + "\"values\": [1, -2]}} | history.values[1]: must be a finite rate >= 0 or null for a gap, got -2.0",
        "{\"workload\": \"shop/api\", \"history\": {\"start\": \"2026-11-26T00:00:00Z\", \"stepSeconds\": 300, "
                + "\"values\": [1, 1e999]}} | history.values[1]: must be a finite rate >= 0 or null for a gap, got Infinity",
        "{\"workload\": \"shop/api\", \"history\": {\"start\": \"2026-11-26T00:00:00Z\", \"stepSeconds\": 300, "
                + "\"values\": [1, \"many\"]}} | body: field 'history.values[1]':",
        "{\"workload\": \"shop/api\", \"history\": {\"start\": \"2026-11-26T00:00:00Z\", \"stepSeconds\": 300, "
                + "\"values\": [1, 2, 3]}} | history.values: cannot forecast shop/api from",
        "{\"workload\": \"shop/api\"} | history: is required",
        "{\"workload\": 42, \"history\": null} | workload: '42' is not <namespace>/<name>",
        "{\"workload\": \"shop/api\", | body: is not valid JSON",
        "[1, 2] | body: is not valid JSON of the expected shape",
    })
    void malformedBodyIs400NamingTheField(String body, String detail) {
        given().contentType(ContentType.JSON).body(body).when().post("/forecast")
                .then().statusCode(400).contentType(ContentType.JSON)
                .body("error", equalTo("bad-parameter")).body("detail", startsWith(detail));
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
                .contains("prescient_history_query_seconds_bucket{outcome=\"error\",workload=\"shop/api\"")
                .contains("prescient_forecast_request_seconds_bucket{method=\"GET\"")
                .contains("prescient_model_fallback_active{workload=\"shop/cart\"} 1.0");
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
