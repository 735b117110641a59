package dev.prescient.common.series.prometheus;

import dev.prescient.common.series.HistoryException;
import dev.prescient.common.series.HistoryQuery;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import javax.net.ssl.SSLException;

/**
 * Decides which failures of a query_range call are worth retrying and turns every failure into a
 * {@link HistoryException} that names the query, its range, the server and what to do.
 */
final class PrometheusFailures {

    private final String endpoint;
    private final int attempts;

    PrometheusFailures(String endpoint, int attempts) {
        this.endpoint = endpoint;
        this.attempts = attempts;
    }

    /** Server errors, rate limiting, timeouts and refused or broken connections; not TLS trust failures. */
    static boolean isTransient(RuntimeException e) {
        if (e instanceof PrometheusHttpException http) {
            return http.isTransient();
        }
        return e instanceof ProcessingException && !isTls(e);
    }

    HistoryException translate(HistoryQuery query, RuntimeException e) {
        if (e instanceof PrometheusHttpException http) {
            return http.isTransient() ? exhausted(query, e) : rejected(query, http);
        }
        if (e instanceof ProcessingException && isTls(e)) {
            return new HistoryException("TLS handshake with Prometheus at " + endpoint + " failed for " + query + ": "
                    + describe(e) + "; set prescient.prometheus.ca-file to the PEM file of the CA that signed "
                    + "its certificate", false, e);
        }
        if (e instanceof ProcessingException) {
            return exhausted(query, e);
        }
        if (e instanceof WebApplicationException) {
            // a 2xx body the client could not read: error statuses became PrometheusHttpException
            return malformed(query, describe(e), e);
        }
        return new HistoryException("cannot fetch " + query + " from Prometheus at " + endpoint + ": " + describe(e),
                false, e);
    }

    /** The answer is JSON but holds a pair that is not {@code [time, "value"]}. */
    HistoryException malformed(HistoryQuery query, IllegalArgumentException e) {
        return malformed(query, e.getMessage(), e);
    }

    private HistoryException malformed(HistoryQuery query, String problem, RuntimeException e) {
        return new HistoryException("Prometheus at " + endpoint + " answered " + query
                + " with a body that is not a query_range matrix: " + problem
                + "; check that prescient.prometheus.url points at Prometheus", false, e);
    }

    /** Prometheus answered 200 but with {@code "status": "error"} or no body. */
    HistoryException unsuccessful(HistoryQuery query, QueryRangeResponse response) {
        if (response == null) {
            return new HistoryException("Prometheus at " + endpoint + " answered " + query + " with an empty body; "
                    + "check that prescient.prometheus.url points at Prometheus", false);
        }
        return rejected(query, new PrometheusHttpException(200, nonNull(response.errorType()),
                nonNull(response.error())));
    }

    HistoryException empty(HistoryQuery query) {
        return new HistoryException("Prometheus at " + endpoint + " returned no series for " + query
                + "; check the query and its label selectors (metric name, job, namespace) in the Prometheus UI, "
                + "and that the server holds data for that range", false);
    }

    HistoryException multipleSeries(HistoryQuery query, CollectedSeries series) {
        return new HistoryException("Prometheus returned " + series.seriesCount() + " series for " + query
                + " but prescient.prometheus.on-multiple-series=error: " + series.describeLabelSets()
                + "; aggregate them in the query (e.g. sum(...)) or set on-multiple-series=sum", false);
    }

    private HistoryException rejected(HistoryQuery query, PrometheusHttpException http) {
        String head = "Prometheus at " + endpoint + " rejected " + query + " (HTTP " + http.status()
                + (http.errorType().isEmpty() ? "" : " " + http.errorType()) + "): " + http.errorText();
        return new HistoryException(head + "; " + advice(http.status()), false, http);
    }

    private HistoryException exhausted(HistoryQuery query, RuntimeException last) {
        return new HistoryException("cannot fetch " + query + " from Prometheus at " + endpoint + " after " + attempts
                + (attempts == 1 ? " attempt" : " attempts") + "; last error: " + describe(last)
                + "; check that Prometheus is up and reachable, or raise prescient.prometheus.timeout or retries",
                true, last);
    }

    private static String advice(int status) {
        return switch (status) {
            case 401, 403 -> "check prescient.prometheus.bearer-token or username/password";
            case 404 -> "check prescient.prometheus.url: it must be the server root (with any path prefix), "
                    + "without /api/v1";
            default -> "check the PromQL expression (syntax, functions, label names) and the range";
        };
    }

    /** The root cause's type and message, e.g. {@code ConnectException: Connection refused}. */
    static String describe(Throwable e) {
        if (e instanceof PrometheusHttpException) {
            return e.getMessage();
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static boolean isTls(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SSLException) {
                return true;
            }
        }
        return false;
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
