package dev.prescient.trainer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prescient.common.series.prometheus.PrometheusApi;
import dev.prescient.common.series.prometheus.PrometheusHttpException;
import dev.prescient.common.series.prometheus.QueryRangeResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * {@link PrometheusApi} over the JDK HTTP client, for tests that run outside a Quarkus application
 * (the production client is a Quarkus REST client and needs the container). Same endpoint, same
 * response type.
 */
final class HttpPrometheusApi implements PrometheusApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI root;

    HttpPrometheusApi(URI root) {
        this.root = root;
    }

    @Override
    public QueryRangeResponse queryRange(String query, String start, String end, String step) {
        URI uri = URI.create(root + "/api/v1/query_range?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)
                + "&start=" + start + "&end=" + end + "&step=" + step);
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 400) {
                throw new PrometheusHttpException(response.statusCode(), null, response.body());
            }
            return JSON.readValue(response.body(), QueryRangeResponse.class);
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: GET " + uri, e);
        }
    }
}
