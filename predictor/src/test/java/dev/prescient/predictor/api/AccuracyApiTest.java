package dev.prescient.predictor.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.prescient.predictor.serving.ForecastAccuracy;
import dev.prescient.predictor.serving.ForecastPrefetcher;
import dev.prescient.common.config.WorkloadCatalog;
import dev.prescient.predictor.testing.ScriptedTimeBeans;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.config.JsonConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.path.json.config.JsonPathConfig;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Live accuracy through the HTTP stack, with time and the history driven by the test
 * ({@link ScriptedTimeBeans}): both workloads answer from the seasonal-naive fallback. A forecast served at
 * T0 predicts 100 (p50 and p90: the day before was flat) for six steps whose actuals turn out to be 110, 90,
 * 160, 100, 80, 60 against 100 one day earlier. So MASE = (10+10+60+0+20+40) / the same = 1 (the fallback
 * is the one-day seasonal naive) and p90 coverage = 4/6.
 */
@QuarkusTest
@TestProfile(AccuracyApiTest.ScriptedTime.class)
class AccuracyApiTest {

    /** Enables {@link ScriptedTimeBeans}. */
    public static class ScriptedTime implements QuarkusTestProfile {

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(ScriptedTimeBeans.class);
        }
    }

    /** JSON numbers as doubles, so figures compare with {@code closeTo}. */
    private static final RestAssuredConfig DOUBLES = RestAssuredConfig.config().jsonConfig(
            JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE));

    @Inject
    ScriptedTimeBeans.SettableClock clock;
    @Inject
    ForecastPrefetcher stepJob;
    @Inject
    ForecastAccuracy accuracy;
    @Inject
    WorkloadCatalog workloads;

    @Test
    void forecastWorkloadsAndMetricsCarryTheScoredAccuracy() {
        Readiness.await();
        awaitFirstStepJob();
        given().queryParam("workload", "shop/api").get("/forecast").then().statusCode(200)
                .body("source", equalTo("fallback:seasonal-naive"))
                .body("accuracy.h24.points", equalTo(0)).body("accuracy.h24.mase", nullValue());

        Instant at = ScriptedTimeBeans.T0.plus(Duration.ofMinutes(30));
        clock.set(at.minusSeconds(5));
        stepJob.prepareAll(workloads.all(), at);
        clock.set(at.plusSeconds(5));

        given().config(DOUBLES).queryParam("workload", "shop/api").get("/forecast").then().statusCode(200)
                .body("accuracy.h1.points", equalTo(6)).body("accuracy.h24.points", equalTo(6))
                .body("accuracy.h24.mase", closeTo(1.0, 1e-9))
                .body("accuracy.h1.p90Coverage", closeTo(4.0 / 6, 1e-6))
                .body("accuracy", not(hasKey("modelVersion")));
        given().config(DOUBLES).get("/workloads").then().statusCode(200)
                .body("find { it.workload == 'shop/api' }.accuracy.scoredAt", equalTo(at.toString()))
                .body("find { it.workload == 'shop/api' }.accuracy.'24h'.points", equalTo(6))
                .body("find { it.workload == 'shop/api' }.accuracy.'24h'.mase", closeTo(1.0, 1e-9))
                .body("find { it.workload == 'shop/api' }.accuracy.'1h'.p90Coverage", closeTo(4.0 / 6, 1e-6))
                .body("find { it.workload == 'shop/api' }.accuracy.'1h'.sources.'fallback:seasonal-naive'",
                        equalTo(6))
                .body("find { it.workload == 'shop/cart' }.accuracy.'24h'.points", equalTo(0))
                .body("find { it.workload == 'shop/cart' }.accuracy.'24h'.mase", nullValue());

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .contains("prescient_forecast_mase{window=\"24h\",workload=\"shop/api\"} 1.0")
                .contains("prescient_forecast_mase{window=\"1h\",workload=\"shop/api\"} 1.0")
                .contains("prescient_forecast_p90_coverage{window=\"24h\",workload=\"shop/api\"} 0.666666")
                .contains("prescient_forecast_p90_coverage{window=\"1h\",workload=\"shop/api\"} 0.666666")
                .contains("prescient_forecast_mase{window=\"24h\",workload=\"shop/cart\"} NaN")
                .contains("prescient_forecast_p90_coverage{window=\"1h\",workload=\"shop/cart\"} NaN")
                .contains("prescient_forecast_rate{quantile=\"0.5\",workload=\"shop/api\"} 100.0")
                .contains("prescient_forecast_rate{quantile=\"0.9\",workload=\"shop/api\"} 100.0")
                .contains("prescient_forecast_rate{quantile=\"0.5\",workload=\"shop/cart\"} NaN")
                .contains("prescient_actual_rate{workload=\"shop/api\"} 60.0");
    }

    /** The step job's first run (scoring the current step) must not land after the test moved the clock. */
    private void awaitFirstStepJob() {
        Instant deadline = Instant.now().plusSeconds(30);
        while (accuracy.latest("shop/cart").isEmpty()) {
            assertThat(Instant.now()).as("the step job's first run").isBefore(deadline);
            Thread.onSpinWait();
        }
    }
}
