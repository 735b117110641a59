package dev.prescient.predictor.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.prescient.common.registry.ModelRegistry;
import dev.prescient.common.registry.S3ModelRegistry;
import dev.prescient.predictor.api.Readiness;
import dev.prescient.predictor.testing.Hammer;
import dev.prescient.predictor.testing.RealServers;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Model lifecycle against a real S3 API server: a version promoted while a concurrent client hammers
 * {@code /forecast} takes over within one poll interval with no failed request; a corrupt version is
 * refused while the old one keeps serving.
 */
@QuarkusTest
@WithTestResource(RealServers.class)
class HotReloadIT {

    /** Time one poll round may take on top of the interval: registry calls for 4 workloads, download, load. */
    private static final Duration POLL_WORK = Duration.ofSeconds(2);

    private static String endpoint() {
        return ConfigProvider.getConfig().getValue("prescient.s3.endpoint", String.class);
    }

    private static String modelB() {
        return ConfigProvider.getConfig().getValue(RealServers.MODEL_B_DIR, String.class);
    }

    private static String versionA() {
        return ConfigProvider.getConfig().getValue(RealServers.VERSION_A, String.class);
    }

    @TestHTTPResource("/forecast?workload=shop/hot")
    URL hotForecast;

    @BeforeEach
    void awaitReady() {
        Readiness.await();
    }

    @Test
    void promotedVersionServesWithinOnePollIntervalWithoutAFailedRequest() throws Exception {
        ModelRegistry registry = new S3ModelRegistry(RealServers.settings(endpoint()));
        String versionB = registry.upload("shop/hot", Path.of(modelB()));
        assertThat(versionB).isNotEqualTo(versionA());
        List<List<Hammer.Answer>> answers;
        long promotedAt;
        try (Hammer hammer = new Hammer(URI.create(hotForecast.toString()), 2)) {
            TimeUnit.MILLISECONDS.sleep(500);
            promotedAt = System.nanoTime();
            registry.promote("shop/hot", versionB, "hot reload test");
            awaitVersion(versionB, Duration.ofSeconds(RealServers.POLL_SECONDS).plus(POLL_WORK).multipliedBy(3));
            TimeUnit.MILLISECONDS.sleep(500);
            answers = hammer.stop();
        }
        long firstB = Long.MAX_VALUE;
        int total = 0;
        for (List<Hammer.Answer> thread : answers) {
            boolean sawB = false;
            for (Hammer.Answer a : thread) {
                total++;
                assertThat(a.status()).as("answer %s", a.body()).isEqualTo(200);
                assertThat(a.version()).isIn(versionA(), versionB);
                if (versionB.equals(a.version())) {
                    sawB = true;
                    firstB = Math.min(firstB, a.nanos());
                } else {
                    assertThat(sawB).as("a thread got the old version after the new one").isFalse();
                }
            }
        }
        assertThat(total).as("requests sent during the swap").isGreaterThan(20);
        assertThat(answers).allSatisfy(thread -> assertThat(thread).extracting(Hammer.Answer::version)
                .contains(versionA(), versionB));
        Duration switchedAfter = Duration.ofNanos(firstB - promotedAt);
        assertThat(switchedAfter).isLessThanOrEqualTo(Duration.ofSeconds(RealServers.POLL_SECONDS).plus(POLL_WORK));
        given().get("/workloads").then().body("find { it.workload == 'shop/hot' }.model.version", equalTo(versionB));
        assertThat(metrics()).contains("prescient_model_info{version=\"" + versionB + "\",workload=\"shop/hot\"} 1.0")
                .doesNotContain("prescient_model_info{version=\"" + versionA() + "\",workload=\"shop/hot\"}");
    }

    @Test
    void corruptVersionIsRefusedCountedAndTheOldOneKeepsServing() throws Exception {
        ModelRegistry registry = new S3ModelRegistry(RealServers.settings(endpoint()));
        String versionB = registry.upload("shop/corrupt", Path.of(modelB()));
        corruptParameters("shop/corrupt", versionB);
        double before = loadFailures("shop/corrupt");
        registry.promote("shop/corrupt", versionB, "corrupt version test");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (loadFailures("shop/corrupt") <= before && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(200);
        }
        assertThat(loadFailures("shop/corrupt")).isGreaterThan(before);
        given().queryParam("workload", "shop/corrupt").get("/forecast").then().statusCode(200)
                .body("source", equalTo("model")).body("model.version", equalTo(versionA()));
        given().get("/workloads").then()
                .body("find { it.workload == 'shop/corrupt' }.state", equalTo("model"))
                .body("find { it.workload == 'shop/corrupt' }.model.version", equalTo(versionA()))
                .body("find { it.workload == 'shop/corrupt' }.lastError", containsString("sha256 mismatch"));
    }

    private void awaitVersion(String version, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (version.equals(given().queryParam("workload", "shop/hot").get("/forecast").jsonPath()
                    .getString("model.version"))) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    private void corruptParameters(String workload, String version) throws Exception {
        MinioClient minio = MinioClient.builder().endpoint(endpoint()).credentials("test", "test-secret")
                .region("us-east-1").build();
        byte[] garbage = "these are not the trained parameters".getBytes(StandardCharsets.UTF_8);
        minio.putObject(PutObjectArgs.builder().bucket(RealServers.BUCKET)
                .object(RealServers.PREFIX + "/" + workload + "/" + version + "/parameters.bin")
                .stream(new ByteArrayInputStream(garbage), garbage.length, -1).build());
    }

    static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    static double loadFailures(String workload) {
        Matcher m = Pattern.compile("^prescient_model_load_failures_total\\{workload=\"" + Pattern.quote(workload)
                + "\"} (\\S+)$", Pattern.MULTILINE).matcher(metrics());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
