package dev.prescient.common.series.prometheus;

import dev.prescient.common.series.GapPolicy;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code prescient.prometheus.*}: where history comes from. Every key is optional here so that
 * applications which never read Prometheus start without it; {@link #toSettings()} checks them.
 */
@ConfigMapping(prefix = "prescient.prometheus")
public interface PrometheusConfig {

    /** Server root, e.g. {@code http://prometheus.monitoring:9090}. */
    Optional<String> url();

    /** Sent as {@code Authorization: Bearer <token>}; not together with username/password. */
    Optional<String> bearerToken();

    /** HTTP basic auth user; needs {@code password}. */
    Optional<String> username();

    Optional<String> password();

    /** PEM file with the CA certificate(s) that signed Prometheus' https certificate. */
    Optional<String> caFile();

    /** Connect and read timeout of one request. */
    @WithDefault("30s")
    Duration timeout();

    /** Further attempts after a 5xx, 429, timeout or refused connection. */
    @WithDefault("3")
    int retries();

    /** Wait before the first retry, doubled before each further one (at most 1 minute). */
    @WithDefault("1s")
    Duration backoff();

    /** {@code sum} adds several result series; {@code error} refuses them. */
    @WithDefault("sum")
    MultipleSeriesPolicy onMultipleSeries();

    /** Longest run of missing steps filled by linear interpolation; longer gaps stay NaN. */
    @WithDefault("5m")
    Duration maxInterpolatedGap();

    /**
     * @throws IllegalArgumentException naming the key when a setting is missing or contradictory
     */
    default PrometheusSettings toSettings() {
        String base = url().orElseThrow(() -> new IllegalArgumentException(
                "prescient.prometheus.url is not set; set it to the Prometheus server root, e.g. http://prometheus:9090"));
        URI uri;
        try {
            uri = new URI(base);
        } catch (URISyntaxException e) {
            // the reason and index only: the input may hold a password
            throw new IllegalArgumentException("prescient.prometheus.url is not a valid URL: " + e.getReason()
                    + " at index " + e.getIndex());
        }
        return new PrometheusSettings(uri, bearerToken(), username(), password(), caFile().map(Path::of),
                timeout(), retries(), backoff(), onMultipleSeries(), new GapPolicy(maxInterpolatedGap()));
    }
}
