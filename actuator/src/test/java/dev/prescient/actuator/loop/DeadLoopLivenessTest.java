package dev.prescient.actuator.loop;

import dev.prescient.actuator.testing.Await;
import dev.prescient.actuator.testing.FakePredictor;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The packaged application with a loop that never ticks (the test profile has no scheduler) and a 1 s interval:
 * {@code /q/health/live} answers 503 once three intervals passed, as the kubelet would see a dead leader.
 */
@QuarkusTest
@TestProfile(DeadLoopLivenessTest.OneSecondInterval.class)
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(FakePredictor.class)
class DeadLoopLivenessTest {

    public static class OneSecondInterval implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("prescient.actuator.interval", "1s");
        }
    }

    @Test
    void livenessFailsWhenTheLeadersLoopCompletesNoTickForThreeIntervals() {
        Await.until("liveness DOWN", () -> given().get("/q/health/live").statusCode() == 503,
                Duration.ofSeconds(30));

        given().get("/q/health/live").then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'actuator-loop' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'actuator-loop' }.data.problem",
                        containsString("has not completed a tick"));
        given().get("/q/health/ready").then().statusCode(200);
    }
}
