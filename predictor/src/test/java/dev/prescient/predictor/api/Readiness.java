package dev.prescient.predictor.api;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.time.Instant;

/** Waits for {@code /q/health/ready}: models load in the background after start-up. */
public final class Readiness {

    private Readiness() {
    }

    public static void await() {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            if (given().when().get("/q/health/ready").statusCode() == 200) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for readiness", e);
            }
        }
        throw new IllegalStateException("the predictor was not ready within 120 s: "
                + given().when().get("/q/health/ready").asString());
    }
}
