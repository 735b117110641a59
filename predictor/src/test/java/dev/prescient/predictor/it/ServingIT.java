package dev.prescient.predictor.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.prescient.common.api.ForecastResponse;
import dev.prescient.predictor.api.Readiness;
import dev.prescient.predictor.testing.DailyLoad;
import dev.prescient.predictor.testing.RealServers;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /forecast} from a real Prometheus and production models from a real S3 API server.
 */
@QuarkusTest
@WithTestResource(RealServers.class)
class ServingIT {

    private static final Duration STEP = DailyLoad.STEP;

    private static String prometheus() {
        return ConfigProvider.getConfig().getValue("prescient.prometheus.url", String.class);
    }

    private static String versionA() {
        return ConfigProvider.getConfig().getValue(RealServers.VERSION_A, String.class);
    }

    @BeforeEach
    void awaitReady() {
        Readiness.await();
    }

    @Test
    void getAnswersFromTheProductionModelWithFreshHistory() {
        Instant before = Instant.now();
        ForecastResponse response = given().queryParam("workload", "shop/api").queryParam("horizon", "30m")
                .get("/forecast").then().statusCode(200).contentType(ContentType.JSON)
                .extract().as(ForecastResponse.class);
        assertThat(response.workload()).isEqualTo("shop/api");
        assertThat(response.source()).isEqualTo("model");
        assertThat(response.model()).isEqualTo(new ForecastResponse.ModelRef(versionA(), "production", "lstm"));
        assertThat(response.stepSeconds()).isEqualTo(STEP.toSeconds());
        Instant stepStart = Instant.ofEpochSecond(before.getEpochSecond() / 300 * 300);
        assertThat(response.historyUntil()).isBetween(stepStart.minus(STEP), stepStart);
        assertThat(response.points()).hasSize(6);
        assertThat(response.points().get(0).t()).isEqualTo(response.historyUntil().plus(STEP));
        assertThat(response.freshness().historyAgeSeconds()).isBetween(0L, 2 * STEP.toSeconds());
        assertThat(response.freshness().modelLoadedAt()).isNotNull();
        for (ForecastResponse.Point p : response.points()) {
            // the model learned the same daily cycle: within 25 % of the noise-free rate
            assertThat(p.p50()).isCloseTo(DailyLoad.at(p.t()), org.assertj.core.data.Percentage.withPercentage(25));
            assertThat(p.p90()).isGreaterThanOrEqualTo(p.p50());
        }
        assertThat(response.toView().forecast().horizon()).isEqualTo(6);
        given().get("/workloads").then().statusCode(200)
                .body("find { it.workload == 'shop/api' }.modelLoaded", equalTo(true))
                .body("find { it.workload == 'shop/cart' }.modelLoaded", equalTo(false));
        assertThat(HotReloadIT.metrics()).containsPattern("prescient_predictor_model_loads_total [1-9]")
                .contains("prescient_predictor_models_loaded_max 500.0");
    }

    @Test
    void repeatedCallsWithinOneStepQueryPrometheusOnce() throws Exception {
        given().queryParam("workload", "shop/api").get("/forecast").then().statusCode(200);
        long step = Instant.now().getEpochSecond() / STEP.toSeconds();
        double queries = prometheusQueries();
        for (int i = 0; i < 20; i++) {
            given().queryParam("workload", "shop/api").get("/forecast").then().statusCode(200);
        }
        double after = prometheusQueries();
        if (Instant.now().getEpochSecond() / STEP.toSeconds() == step) {
            assertThat(after).isEqualTo(queries);
        } else {
            assertThat(after).as("one more query for the new step").isEqualTo(queries + 1);
        }
    }

    @Test
    void workloadWithoutProductionModelAnswersFromTheFallback() {
        given().queryParam("workload", "shop/cart").get("/forecast").then().statusCode(200)
                .body("source", equalTo("fallback:seasonal-naive")).body("model.stage", equalTo("fallback"))
                .body("points", hasSize(6));
        given().get("/workloads").then().statusCode(200)
                .body("find { it.workload == 'shop/api' }.state", equalTo("model"))
                .body("find { it.workload == 'shop/api' }.model.type", equalTo("lstm"))
                .body("find { it.workload == 'shop/cart' }.state", equalTo("fallback"))
                .body("find { it.workload == 'shop/cart' }.fallbackReason",
                        equalTo("the registry has no production version"));
        assertThat(HotReloadIT.metrics())
                .contains("prescient_forecast_requests_total{source=\"fallback:seasonal-naive\",workload=\"shop/cart\"}")
                .contains("prescient_model_fallback_active{workload=\"shop/cart\"} 1.0")
                .contains("prescient_model_info{version=\"" + versionA() + "\",workload=\"shop/api\"} 1.0");
    }

    @Test
    void readinessIsUpWithEveryWorkloadOnAModelOrTheFallback() {
        given().get("/q/health/ready").then().statusCode(200).body("checks[0].data.workloads", equalTo(4))
                .body("checks[0].data.loading", equalTo(0));
    }

    /** Successful query_range requests Prometheus has answered, from its own metrics. */
    private double prometheusQueries() throws IOException, InterruptedException {
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(prometheus() + "/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("^prometheus_http_requests_total\\{code=\"200\",handler=\"/api/v1/query_range\"} "
                + "(\\S+)$", Pattern.MULTILINE).matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
