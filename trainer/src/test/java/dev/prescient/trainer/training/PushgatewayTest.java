package dev.prescient.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The push request: its group URL and text body, sent to a local HTTP endpoint that records what it
 * receives (a recorder, not a Pushgateway).
 */
class PushgatewayTest {

    static final Instant AT = Instant.parse("2026-11-27T04:12:30.250Z");

    HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @ParameterizedTest
    @CsvSource({
            "http://pushgateway:9091, shop/api, http://pushgateway:9091/metrics/job/prescient-trainer/workload@base64/c2hvcC9hcGk",
            "http://pg:9091/prefix/, a/b, http://pg:9091/prefix/metrics/job/prescient-trainer/workload@base64/YS9i",
    })
    void groupsByJobAndBase64Workload(String root, String workload, String expected) {
        assertThat(Pushgateway.groupUri(URI.create(root), workload)).hasToString(expected);
    }

    @Test
    void theBodyHoldsDurationAndLastRunTimeLabelledWithTheOutcome() {
        WorkloadResult result = WorkloadResult.trained("shop/api", "v20261127-041200-3fa9c2", Map.of(), null, true,
                "promoted", 12.4, LearntSizing.none("not learnt"));

        assertThat(Pushgateway.body(result, AT)).isEqualTo("""
                # HELP prescient_training_duration_seconds Wall time of the workload's last training run.
                # TYPE prescient_training_duration_seconds gauge
                prescient_training_duration_seconds{outcome="promoted"} 12.400
                # HELP prescient_training_last_run_timestamp_seconds When the workload's last training run ended.
                # TYPE prescient_training_last_run_timestamp_seconds gauge
                prescient_training_last_run_timestamp_seconds{outcome="promoted"} 1795752750.250
                """);
    }

    @Test
    void putsTheBodyToTheWorkloadsGroup() throws IOException {
        List<String> received = new ArrayList<>();
        URI root = serve(204, received);

        new Pushgateway(root, Duration.ofSeconds(5)).push(WorkloadResult.failed("shop/api", null, Map.of(), 1, "x"),
                AT);

        assertThat(received).containsExactly("PUT /metrics/job/prescient-trainer/workload@base64/c2hvcC9hcGk "
                + "text/plain; version=0.0.4; charset=utf-8",
                Pushgateway.body(WorkloadResult.failed("shop/api", null, Map.of(), 1, "x"), AT));
    }

    @Test
    void aRefusedPushNamesTheUrlAndTheAnswer() throws IOException {
        URI root = serve(400, new ArrayList<>());

        assertThatThrownBy(() -> new Pushgateway(root, Duration.ofSeconds(5))
                .push(WorkloadResult.failed("shop/api", null, Map.of(), 1, "x"), AT))
                .isInstanceOf(IOException.class)
                .hasMessage("cannot push the training metrics of shop/api to " + root
                        + "/metrics/job/prescient-trainer/workload@base64/c2hvcC9hcGk: HTTP 400 bad metrics");
    }

    private URI serve(int status, List<String> received) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("Content-Type"));
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] answer = status == 400 ? "bad metrics\n".getBytes(StandardCharsets.UTF_8) : new byte[0];
            exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }
}
