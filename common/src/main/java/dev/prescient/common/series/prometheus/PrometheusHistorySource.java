package dev.prescient.common.series.prometheus;

import dev.prescient.common.series.HistoryException;
import dev.prescient.common.series.HistoryQuery;
import dev.prescient.common.series.HistorySource;
import dev.prescient.common.series.RegularSeries;
import dev.prescient.common.series.SeriesQuality;
import dev.prescient.common.series.SeriesRegularizer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * History from Prometheus' {@code /api/v1/query_range}.
 *
 * <ol>
 *   <li>The grid {@code from + k * step} over [from, to) is split into requests of at most
 *       {@link RangeChunk#MAX_POINTS} points that tile it exactly (Prometheus' end is inclusive).
 *       Prometheus works in milliseconds, so {@code from} is truncated to the millisecond.</li>
 *   <li>Each request is retried with exponential backoff on 5xx, 429, timeouts and refused
 *       connections; 400 and 422 carry Prometheus' own error text and are not retried.</li>
 *   <li>Several result series are summed or refused ({@link MultipleSeriesPolicy}); an empty
 *       result is an error that names the query and the range.</li>
 *   <li>NaN and infinite values are dropped and counted; the {@link SeriesRegularizer} fills short
 *       gaps linearly and keeps long ones as NaN. The quality counts received samples over all
 *       series; a summed step is dropped when any of its series is not finite there.</li>
 * </ol>
 */
public final class PrometheusHistorySource implements HistorySource, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PrometheusHistorySource.class);

    private final PrometheusApi api;
    private final PrometheusSettings settings;
    private final Retrier retrier;
    private final PrometheusFailures failures;
    private final int maxPoints;

    /** Uses {@code api} (built by {@link PrometheusClientFactory}, injected, or a fake) as it is. */
    public PrometheusHistorySource(PrometheusApi api, PrometheusSettings settings) {
        this(api, settings, Retrier.sleeping(settings.retries(), settings.backoff()), RangeChunk.MAX_POINTS);
    }

    PrometheusHistorySource(PrometheusApi api, PrometheusSettings settings, Retrier retrier, int maxPoints) {
        this.api = Objects.requireNonNull(api, "api");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.retrier = retrier;
        this.failures = new PrometheusFailures(settings.queryRangeUrl(), retrier.attempts());
        this.maxPoints = maxPoints;
    }

    /** A source with its own REST client; must run inside a Quarkus application. */
    public static PrometheusHistorySource create(PrometheusSettings settings) {
        return new PrometheusHistorySource(PrometheusClientFactory.create(settings), settings);
    }

    @Override
    public RegularSeries fetch(HistoryQuery query) {
        checkQuery(query);
        Instant start = query.from().truncatedTo(ChronoUnit.MILLIS);
        long steps = query.steps();
        List<RangeChunk> chunks = RangeChunk.split(start, steps, query.step(), maxPoints);
        CollectedSeries collected = collect(query, chunks);
        if (collected.isEmpty()) {
            throw failures.empty(query);
        }
        if (collected.seriesCount() > 1 && settings.onMultipleSeries() == MultipleSeriesPolicy.ERROR) {
            throw failures.multipleSeries(query, collected);
        }
        RegularSeries regular = SeriesRegularizer.regularize(collected.sum(), start,
                start.plus(query.step().multipliedBy(steps)), query.step(), query.step(), settings.gaps());
        SeriesQuality q = regular.quality();
        SeriesQuality quality = new SeriesQuality(collected.received(), collected.nonFinite(), q.droppedOutOfRange(),
                q.interpolatedSteps(), q.gapSteps());
        LOG.debugf("fetched %s in %d request(s) from %d series: %s", query, chunks.size(), collected.seriesCount(),
                quality);
        return new RegularSeries(regular.series(), quality);
    }

    private CollectedSeries collect(HistoryQuery query, List<RangeChunk> chunks) {
        CollectedSeries collected = new CollectedSeries();
        for (RangeChunk chunk : chunks) {
            QueryRangeResponse response = fetchChunk(query, chunk);
            try {
                collected.add(response);
            } catch (IllegalArgumentException e) {
                throw failures.malformed(query, e);
            }
        }
        return collected;
    }

    private QueryRangeResponse fetchChunk(HistoryQuery query, RangeChunk chunk) {
        QueryRangeResponse response = callWithRetries(query, chunk);
        if (response == null || !response.isSuccess()) {
            throw failures.unsuccessful(query, response);
        }
        return response;
    }

    private QueryRangeResponse callWithRetries(HistoryQuery query, RangeChunk chunk) {
        try {
            return retrier.call("query_range " + query, () -> api.queryRange(query.expression(), chunk.startParam(),
                    chunk.endParam(), chunk.stepParam()), PrometheusFailures::isTransient);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HistoryException("interrupted while waiting to retry " + query + " against Prometheus at "
                    + settings.queryRangeUrl(), true, e);
        } catch (RuntimeException e) {
            throw failures.translate(query, e);
        }
    }

    /** Closes the REST client when it is closeable (built clients are; fakes need not be). */
    @Override
    public void close() {
        if (api instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.debugf(e, "closing the Prometheus client for %s failed", settings.url());
            }
        }
    }

    private static void checkQuery(HistoryQuery query) {
        if (query.expression() == null || query.expression().isBlank()) {
            throw new HistoryException("history query " + query + " has no PromQL expression; set the workload's "
                    + "query", false);
        }
        if (query.step().toNanos() % 1_000_000 != 0) {
            throw new HistoryException("history query " + query + " has a step finer than a millisecond, which "
                    + "Prometheus cannot evaluate; use a whole number of milliseconds", false);
        }
    }
}
