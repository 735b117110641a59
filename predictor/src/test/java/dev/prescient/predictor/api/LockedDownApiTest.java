package dev.prescient.predictor.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The predictor as the prod overlay runs it: a bearer token from a file, and a registry (here one nobody
 * listens on, with a bucket name the test looks for) whose failures show in {@code /workloads}. Without the
 * token, {@code /forecast} and {@code /workloads} answer 401 JSON; health, metrics and OpenAPI stay open.
 * Nothing a client sees names the S3 endpoint, the bucket, the Prometheus address or a query.
 */
@QuarkusTest
@TestProfile(LockedDownApiTest.LockedDown.class)
class LockedDownApiTest {

    static final String TOKEN = "t0k3n-for-the-locked-down-test";
    static final String BUCKET = "secret-models-bucket";
    static final String S3 = "http://127.0.0.1:1";
    static final String PROMETHEUS = "http://127.0.0.1:9";

    /** The token file, an unreachable registry with a recognisable bucket. */
    public static class LockedDown implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path token = Files.createTempFile("predictor-token-", "");
                token.toFile().deleteOnExit();
                Files.writeString(token, TOKEN + "\n");
                return Map.of("prescient.predictor.auth.token-file", token.toString(),
                        "prescient.s3.endpoint", S3, "prescient.s3.bucket", BUCKET,
                        "prescient.s3.access-key", "reader", "prescient.s3.secret-key", "reader-secret",
                        "prescient.s3.timeout", "2s");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @BeforeEach
    void awaitReady() {
        Readiness.await();
    }

    private static RequestSpecification withToken() {
        return given().header("Authorization", "Bearer " + TOKEN);
    }

    @ParameterizedTest(name = "{0} {1} [{2}]")
    @CsvSource(delimiter = '|', nullValues = "(none)", value = {
        "GET  | /forecast?workload=shop/api | (none)",
        "GET  | /forecast?workload=shop/api | Bearer wrong-token",
        "GET  | /forecast?workload=shop/api | Basic " + TOKEN,
        "GET  | /forecast?workload=shop/api | " + TOKEN,
        "POST | /forecast                   | (none)",
        "GET  | /workloads                  | (none)",
        "GET  | /workloads                  | Bearer " + TOKEN + "x",
        "GET  | /no-such-path               | (none)",
    })
    void withoutTheTokenEveryRestRequestIs401Json(String method, String path, String authorization) {
        RequestSpecification request = given().contentType(ContentType.JSON).body("{}");
        if (authorization != null) {
            request = request.header("Authorization", authorization);
        }
        request.when().request(method, path).then().statusCode(401).contentType(ContentType.JSON)
                .header("WWW-Authenticate", "Bearer realm=\"prescient-predictor\"")
                .body("error", equalTo("unauthorized"))
                .body("detail", startsWith(authorization == null ? "this predictor requires a token"
                        : "the bearer token presented is not this predictor's"));
    }

    @Test
    void withTheTokenTheApiAnswers() {
        withToken().queryParam("workload", "shop/api").when().get("/forecast").then().statusCode(503)
                .body("error", equalTo("history-unavailable"));
        withToken().contentType(ContentType.JSON).body(ForecastApiTest.request("shop/api", "30m",
                        new double[600])).when().post("/forecast").then().statusCode(200)
                .body("source", equalTo("fallback:seasonal-naive"));
        withToken().when().get("/workloads").then().statusCode(200).body("workload",
                equalTo(List.of("shop/api", "shop/cart")));
    }

    @Test
    void healthMetricsAndOpenApiStayOpenAndCountTheRefusals() {
        given().when().get("/forecast?workload=shop/api").then().statusCode(401);

        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/health/ready").then().statusCode(200);
        given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200);
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics.lines().filter(l -> l.startsWith("prescient_requests_rejected_total{reason=\"unauthorized\"}"))
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst()).hasValueSatisfying(
                        count -> assertThat(count).isGreaterThanOrEqualTo(1));
    }

    @Test
    void workloadsAndErrorsNameWorkloadsButNotTheRegistryPrometheusOrQueries() {
        String workloads = withToken().when().get("/workloads").then().statusCode(200)
                .body("state", everyItem(equalTo("fallback")))
                .body("lastError", everyItem(startsWith("cannot ask the registry for the production version: ")))
                .extract().asString();
        String forecast = withToken().queryParam("workload", "shop/cart").when().get("/forecast").then()
                .statusCode(503).extract().asString();

        assertThat(workloads).contains("s3://<bucket>/models/shop/api/", "s3://<bucket>/models/shop/cart/",
                "<s3-endpoint>");
        assertThat(forecast).contains("cannot fetch the history of shop/cart", "'<query>'", "<prometheus>");
        for (String shown : List.of(workloads, forecast)) {
            assertThat(shown).doesNotContain(BUCKET, "127.0.0.1", "prescient_test_rps", S3, PROMETHEUS);
        }
    }
}
