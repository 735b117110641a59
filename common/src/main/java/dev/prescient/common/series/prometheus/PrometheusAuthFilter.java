package dev.prescient.common.series.prometheus;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** Adds the configured {@code Authorization} header (bearer token or basic auth) to every request. */
final class PrometheusAuthFilter implements ClientRequestFilter {

    private final String authorization;

    private PrometheusAuthFilter(String authorization) {
        this.authorization = authorization;
    }

    /** The filter for the settings, or empty when they configure no auth. */
    static Optional<PrometheusAuthFilter> forSettings(PrometheusSettings settings) {
        if (settings.bearerToken().isPresent()) {
            return Optional.of(new PrometheusAuthFilter("Bearer " + settings.bearerToken().get()));
        }
        return settings.username().map(user -> new PrometheusAuthFilter("Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + settings.password().orElse("")).getBytes(StandardCharsets.UTF_8))));
    }

    @Override
    public void filter(ClientRequestContext request) {
        request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, authorization);
    }

    @Override
    public String toString() {
        return "PrometheusAuthFilter[" + authorization.substring(0, authorization.indexOf(' ')) + " ***]";
    }
}
