package dev.prescient.predictor.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code POST /forecasts} without a registry and with Prometheus down (as {@link ForecastApiTest}): each workload's
 * result is what {@code GET /forecast} answers for it, refusals of the whole body name the field or the limit.
 */
@QuarkusTest
class ForecastsBatchTest {

    @Inject
    MeterRegistry meters;

    @BeforeEach
    void awaitReady() {
        Readiness.await();
    }

    @Test
    void eachWorkloadGetsTheStatusAndErrorGetWouldGiveInTheOrderAsked() {
        JsonPath get = given().queryParam("workload", "shop/cart").get("/forecast").then().statusCode(503)
                .extract().jsonPath();

        JsonPath batch = given().contentType(ContentType.JSON)
                .body(Map.of("workloads", List.of("shop/cart", "shop/nope", "Shop/API", "shop/cart", "shop/api")))
                .when().post("/forecasts")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("results", hasSize(4))
                .body("results.workload", equalTo(List.of("shop/cart", "shop/nope", "Shop/API", "shop/api")))
                .body("results.status", equalTo(List.of(503, 404, 400, 503)))
                .body("results[0]", not(hasKey("forecast")))
                .body("results[1].error.error", equalTo("unknown-workload"))
                .body("results[1].error.detail", equalTo("no workload 'shop/nope' is configured; known workloads: "
                        + "shop/api, shop/cart"))
                .body("results[2].error.error", equalTo("bad-parameter"))
                .body("results[2].error.detail", containsString("workload: 'Shop/API' is not <namespace>/<name>"))
                .body("results[3].error.error", equalTo("history-unavailable"))
                .body("results[3].error.detail", containsString("cannot fetch the history of shop/api"))
                .body("results[3].error.detail", not(containsString("127.0.0.1")))
                .extract().jsonPath();

        assertThat(batch.getString("results[0].error.error")).isEqualTo(get.getString("error"));
        assertThat(batch.getString("results[0].error.detail")).isEqualTo(get.getString("detail"));
    }

    @Test
    void moreWorkloadsThanTheLimitIs413NamingTheLimitAndIsCounted() {
        List<String> many = IntStream.range(0, 1001).mapToObj(i -> "shop/w" + i).toList();
        double before = rejected();

        given().contentType(ContentType.JSON).body(Map.of("workloads", many)).when().post("/forecasts")
                .then().statusCode(413).contentType(ContentType.JSON)
                .body("error", equalTo("too-many-workloads"))
                .body("detail", equalTo("workloads: at most 1000 per request (prescient.predictor.max-batch-workloads),"
                        + " got 1001; split the list into several requests"));

        assertThat(rejected()).isEqualTo(before + 1);
    }

    @Test
    void exactlyTheLimitIsAnsweredOneResultPerWorkload() {
        List<String> many = IntStream.range(0, 1000).mapToObj(i -> "shop/w" + i).toList();

        given().contentType(ContentType.JSON).body(Map.of("workloads", many)).when().post("/forecasts")
                .then().statusCode(200)
                .body("results", hasSize(1000))
                .body("results.status", org.hamcrest.Matchers.everyItem(equalTo(404)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{}                       | workloads: is required and must name at least one workload",
        "{\"workloads\": []}      | workloads: is required and must name at least one workload",
        "{\"workloads\": \"a/b\"} | body: is not valid JSON of the expected shape",
        "[\"shop/api\"]           | body: is not valid JSON of the expected shape",
        "{\"workloads\": [        | body: is not valid JSON of the expected shape",
    })
    void aMalformedBodyIs400NamingTheField(String body, String detail) {
        given().contentType(ContentType.JSON).body(body).when().post("/forecasts")
                .then().statusCode(400).contentType(ContentType.JSON)
                .body("error", equalTo("bad-parameter"))
                .body("detail", containsString(detail))
                .body("detail", containsString("send {\"workloads\": [\"<namespace>/<name>\", ...]}"));
    }

    @Test
    void theOpenApiDocumentDescribesTheBatch() {
        given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                .body("paths.'/forecasts'.post.summary", containsString("many workloads"))
                .body("paths.'/forecasts'.post.requestBody.content.'application/json'.schema.'$ref'",
                        containsString("ForecastBatchRequest"))
                .body("paths.'/forecasts'.post.responses.keySet()", hasItems("200", "400", "413"))
                .body("components.schemas.ForecastBatchResult.properties.keySet()",
                        hasItems("workload", "status", "forecast", "error"));
    }

    private double rejected() {
        Counter c = meters.find("prescient.requests.rejected").tag("reason", "too-many-workloads").counter();
        return c == null ? 0 : c.count();
    }
}
