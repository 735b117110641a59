package dev.prescient.common.series.prometheus;

import dev.prescient.common.series.GapPolicy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach Prometheus and how to treat what it returns; the keys are those of
 * {@link PrometheusConfig} ({@code prescient.prometheus.*}). {@link #toString()} never shows the
 * token or the password.
 *
 * @param url server root, e.g. {@code http://prometheus:9090} (a path prefix is kept)
 * @param bearerToken sent as {@code Authorization: Bearer ...}
 * @param username with {@code password}, sent as HTTP basic auth
 * @param caFile PEM file of the CA certificate(s) to trust for https, instead of the JVM's
 * @param timeout connect and read timeout of one request
 * @param retries further attempts after a transient failure (5xx, 429, timeout, refused)
 * @param backoff wait before the first retry; doubled before each further one
 * @param onMultipleSeries what to do when the query returns several series
 * @param gaps which gaps are interpolated and which stay NaN
 */
public record PrometheusSettings(URI url, Optional<String> bearerToken, Optional<String> username,
                                 Optional<String> password, Optional<Path> caFile, Duration timeout, int retries,
                                 Duration backoff, MultipleSeriesPolicy onMultipleSeries, GapPolicy gaps) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_RETRIES = 3;
    public static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(1);

    public PrometheusSettings {
        Objects.requireNonNull(url, "prescient.prometheus.url");
        if (!url.isAbsolute() || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))
                || url.getHost() == null) {
            throw new IllegalArgumentException("prescient.prometheus.url must be an http(s) URL such as "
                    + "http://prometheus:9090, got '" + redact(url) + "'");
        }
        if (url.getRawUserInfo() != null) {
            throw new IllegalArgumentException("prescient.prometheus.url must not contain credentials ("
                    + redact(url) + "); set prescient.prometheus.username and password instead");
        }
        if (bearerToken.isPresent() && (username.isPresent() || password.isPresent())) {
            throw new IllegalArgumentException("set either prescient.prometheus.bearer-token or "
                    + "prescient.prometheus.username/password, not both");
        }
        if (username.isPresent() != password.isPresent()) {
            throw new IllegalArgumentException("prescient.prometheus.username and prescient.prometheus.password "
                    + "must be set together; only " + (username.isPresent() ? "username" : "password") + " is set");
        }
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("prescient.prometheus.timeout must be positive, got " + timeout);
        }
        if (retries < 0) {
            throw new IllegalArgumentException("prescient.prometheus.retries must be zero or more, got " + retries);
        }
        if (backoff.isNegative()) {
            throw new IllegalArgumentException("prescient.prometheus.backoff must not be negative, got " + backoff);
        }
        Objects.requireNonNull(onMultipleSeries, "prescient.prometheus.on-multiple-series");
        Objects.requireNonNull(gaps, "gaps");
    }

    /** No auth, no extra CA, 30 s timeout, 3 retries from 1 s, sum several series, 5 m gaps filled. */
    public static PrometheusSettings of(URI url) {
        return new PrometheusSettings(url, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                DEFAULT_TIMEOUT, DEFAULT_RETRIES, DEFAULT_BACKOFF, MultipleSeriesPolicy.SUM, GapPolicy.defaults());
    }

    public PrometheusSettings withBearerToken(String token) {
        return new PrometheusSettings(url, Optional.of(token), username, password, caFile, timeout, retries,
                backoff, onMultipleSeries, gaps);
    }

    public PrometheusSettings withBasicAuth(String user, String pass) {
        return new PrometheusSettings(url, bearerToken, Optional.of(user), Optional.of(pass), caFile, timeout,
                retries, backoff, onMultipleSeries, gaps);
    }

    public PrometheusSettings withCaFile(Path pem) {
        return new PrometheusSettings(url, bearerToken, username, password, Optional.of(pem), timeout, retries,
                backoff, onMultipleSeries, gaps);
    }

    public PrometheusSettings withTimeout(Duration requestTimeout) {
        return new PrometheusSettings(url, bearerToken, username, password, caFile, requestTimeout, retries,
                backoff, onMultipleSeries, gaps);
    }

    public PrometheusSettings withRetries(int count, Duration firstBackoff) {
        return new PrometheusSettings(url, bearerToken, username, password, caFile, timeout, count,
                firstBackoff, onMultipleSeries, gaps);
    }

    public PrometheusSettings withOnMultipleSeries(MultipleSeriesPolicy policy) {
        return new PrometheusSettings(url, bearerToken, username, password, caFile, timeout, retries, backoff,
                policy, gaps);
    }

    public PrometheusSettings withGaps(GapPolicy policy) {
        return new PrometheusSettings(url, bearerToken, username, password, caFile, timeout, retries, backoff,
                onMultipleSeries, policy);
    }

    /** The query_range endpoint, for messages. */
    public String queryRangeUrl() {
        String base = url.toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/api/v1/query_range";
    }

    @Override
    public String toString() {
        return "PrometheusSettings[url=" + url + ", auth=" + authKind() + ", caFile=" + caFile.map(Path::toString)
                .orElse("(JVM default)") + ", timeout=" + timeout + ", retries=" + retries + ", backoff=" + backoff
                + ", onMultipleSeries=" + onMultipleSeries + ", maxInterpolatedGap=" + gaps.maxInterpolatedGap() + "]";
    }

    private String authKind() {
        if (bearerToken.isPresent()) {
            return "bearer(***)";
        }
        return username.map(u -> "basic(" + u + ", ***)").orElse("none");
    }

    private static String redact(URI uri) {
        return uri.getRawUserInfo() == null ? uri.toString() : uri.toString().replace(uri.getRawUserInfo(), "***");
    }
}
