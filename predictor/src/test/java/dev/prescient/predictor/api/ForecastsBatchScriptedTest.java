package dev.prescient.predictor.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.prescient.predictor.testing.ScriptedTimeBeans;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /forecasts} with a history source that answers ({@link ScriptedTimeBeans}, its own app): each
 * workload's forecast is the one {@code GET /forecast} serves in the same step, byte for byte.
 */
@QuarkusTest
@TestProfile(ForecastsBatchScriptedTest.ScriptedHistory.class)
class ForecastsBatchScriptedTest {

    /** Enables {@link ScriptedTimeBeans} in an app of its own (the accuracy test's figures stay its own). */
    public static class ScriptedHistory implements QuarkusTestProfile {

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(ScriptedTimeBeans.class);
        }
    }

    @Test
    void eachForecastIsTheOneGetServesInTheSameStep() {
        Readiness.await();
        JsonPath batch = given().contentType(ContentType.JSON)
                .body(Map.of("workloads", List.of("shop/api", "shop/cart", "shop/gone")))
                .when().post("/forecasts").then().statusCode(200)
                .body("results.status", equalTo(List.of(200, 200, 404)))
                .body("results[0].forecast.workload", equalTo("shop/api"))
                .body("results[0].forecast.source", equalTo("fallback:seasonal-naive"))
                .body("results[1].forecast.workload", equalTo("shop/cart"))
                .extract().jsonPath();

        for (int i = 0; i < 2; i++) {
            String workload = batch.getString("results[" + i + "].workload");
            Map<String, Object> get = given().queryParam("workload", workload).get("/forecast").then()
                    .statusCode(200).extract().jsonPath().getMap("$");
            assertThat(batch.getMap("results[" + i + "].forecast")).as(workload).isEqualTo(get);
            assertThat(batch.getList("results[" + i + "].forecast.points")).as(workload).isNotEmpty();
        }
    }
}
