package dev.prescient.predictor.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prescient.predictor.api.Readiness;
import dev.prescient.predictor.testing.MalformedRequests;
import dev.prescient.predictor.testing.RawHttp;
import dev.prescient.predictor.testing.RealServers;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * 10,000 seeded malformed requests over raw sockets (so bad escapes and broken JSON reach the server
 * as sent), among them bodies over the 4 MiB limit, nested tens of thousands of levels deep, with
 * over-long strings and numbers and one value past the cap: none may be answered with a 5xx or show a
 * stack trace, and every oversized body is refused 413 with a JSON error.
 */
@QuarkusTest
@WithTestResource(RealServers.class)
class FuzzIT {

    private static final int REQUESTS = 10_000;
    private static final long SEED = 20_261_201L;

    @TestHTTPResource("/")
    URL root;

    @BeforeEach
    void awaitReady() {
        Readiness.await();
    }

    @Test
    void tenThousandMalformedRequestsGetNoServerError() throws IOException {
        MalformedRequests requests = new MalformedRequests(SEED);
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            String request = requests.next();
            String response = send(request);
            int status = status(response);
            statuses.merge(status, 1, Integer::sum);
            String body = response.substring(Math.max(0, response.indexOf("\r\n\r\n")));
            boolean unexplained413 = status == 413 && !body.contains("{\"error\":\"body-too-large\"");
            if (status >= 500 || status < 100 || body.contains("\tat ") || body.contains("Exception:") || unexplained413) {
                failures.add("#" + i + ": " + abbreviate(request) + "\n  -> " + abbreviate(response));
            }
        }
        assertThat(failures).as("requests answered with a server error or a stack trace; statuses %s", statuses)
                .isEmpty();
        assertThat(statuses.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(REQUESTS);
        assertThat(statuses).containsKeys(200, 400, 404, 413);
        System.out.println("fuzz statuses: " + statuses);
    }

    /** The answer as received; written while it is read, so a 413 sent before the body is through is heard. */
    private String send(String request) throws IOException {
        return RawHttp.send(root.getPort(), request.getBytes(StandardCharsets.UTF_8), 30_000).text();
    }

    private static int status(String response) {
        String[] line = response.split("\r\n", 2)[0].split(" ");
        try {
            return line.length > 1 ? Integer.parseInt(line[1]) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 400 ? text.substring(0, 400) + "..." : text;
    }
}
