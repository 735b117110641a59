package dev.prescient.predictor.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prescient.common.config.WorkloadConfigLoader;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.series.HistoryException;
import dev.prescient.common.series.HistoryQuery;
import dev.prescient.common.series.HistorySource;
import dev.prescient.common.series.RegularSeries;
import dev.prescient.common.series.SeriesQuality;
import dev.prescient.common.series.TimeSeries;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HistoryCacheTest {

    static final WorkloadSpec SPEC = WorkloadConfigLoader.parse("""
            workloads:
              - name: api
                namespace: shop
                target: {kind: Deployment, name: api}
                query: rate(x[5m])
                capacityPerPod: 10
                minReplicas: 1
                maxReplicas: 5
                step: 5m
                mode: dry-run
            """, "test.yaml").get("shop/api");

    private final List<HistoryQuery> queries = Collections.synchronizedList(new ArrayList<>());
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-26T12:03:10Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    private HistorySource counting(HistorySource inner) {
        return query -> {
            queries.add(query);
            return inner.fetch(query);
        };
    }

    private static RegularSeries ones(HistoryQuery q) {
        double[] values = new double[(int) q.steps()];
        java.util.Arrays.fill(values, 1);
        return new RegularSeries(new TimeSeries(q.from(), q.step(), values), new SeriesQuality(0, 0, 0, 0, 0));
    }

    @Test
    void callsWithinOneStepQueryTheSourceOnceForTheRangeEndingAtTheStepStart() {
        HistoryCache cache = new HistoryCache(counting(HistoryCacheTest::ones), metrics(), clock);
        CachedHistory first = cache.get(SPEC, 12);
        now.set(Instant.parse("2026-11-26T12:04:59Z"));
        CachedHistory second = cache.get(SPEC, 12);
        assertThat(second).isSameAs(first);
        assertThat(queries).containsExactly(new HistoryQuery("rate(x[5m])", Instant.parse("2026-11-26T11:00:00Z"),
                Instant.parse("2026-11-26T12:00:00Z"), Duration.ofMinutes(5)));
        assertThat(first.series().end()).isEqualTo(Instant.parse("2026-11-26T12:00:00Z"));
        assertThat(first.fetchedAt()).isEqualTo(Instant.parse("2026-11-26T12:03:10Z"));
    }

    @Test
    void aNewStepOrALongerNeedFetchesAgain() {
        HistoryCache cache = new HistoryCache(counting(HistoryCacheTest::ones), metrics(), clock);
        cache.get(SPEC, 12);
        cache.get(SPEC, 24);
        now.set(Instant.parse("2026-11-26T12:05:00Z"));
        cache.get(SPEC, 12);
        assertThat(queries).extracting(HistoryQuery::to).containsExactly(Instant.parse("2026-11-26T12:00:00Z"),
                Instant.parse("2026-11-26T12:00:00Z"), Instant.parse("2026-11-26T12:05:00Z"));
        assertThat(queries).extracting(HistoryQuery::steps).containsExactly(12L, 24L, 12L);
    }

    @Test
    void aFailedFetchIsNotKeptSoTheNextCallTriesAgain() {
        HistorySource down = q -> {
            throw new HistoryException("Prometheus at http://p:9090 is down", true);
        };
        HistoryCache cache = new HistoryCache(counting(down), metrics(), clock);
        assertThatThrownBy(() -> cache.get(SPEC, 12)).isInstanceOf(HistoryException.class).hasMessageContaining("down");
        assertThatThrownBy(() -> cache.get(SPEC, 12)).isInstanceOf(HistoryException.class);
        assertThat(queries).hasSize(2);
    }

    @Test
    void concurrentCallersShareOneFetch() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        HistoryCache cache = new HistoryCache(counting(q -> {
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ones(q);
        }), metrics(), clock);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<CachedHistory>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> cache.get(SPEC, 12)));
            }
            Thread.sleep(200);
            release.countDown();
            CachedHistory first = results.get(0).get(5, TimeUnit.SECONDS);
            for (Future<CachedHistory> r : results) {
                assertThat(r.get(5, TimeUnit.SECONDS)).isSameAs(first);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(queries).hasSize(1);
    }

    @Test
    void theNextStepFetchedAheadServesRequestsOnceItStartsWhileTheCurrentOneStillServes() {
        HistoryCache cache = new HistoryCache(counting(HistoryCacheTest::ones), metrics(), clock);
        CachedHistory current = cache.get(SPEC, 12);
        CachedHistory next = cache.get(SPEC, 12, Instant.parse("2026-11-26T12:05:00Z"));
        assertThat(cache.get(SPEC, 12)).isSameAs(current);
        now.set(Instant.parse("2026-11-26T12:05:01Z"));
        assertThat(cache.get(SPEC, 12)).isSameAs(next);
        assertThat(next.series().end()).isEqualTo(Instant.parse("2026-11-26T12:05:00Z"));
        assertThat(queries).hasSize(2);
    }

    @Test
    void stepStartRoundsDownToWholeSteps() {
        assertThat(HistoryCache.stepStart(Instant.parse("2026-11-26T12:04:59.999Z"), Duration.ofMinutes(5)))
                .isEqualTo(Instant.parse("2026-11-26T12:00:00Z"));
        assertThat(HistoryCache.stepStart(Instant.parse("2026-11-26T12:05:00Z"), Duration.ofMinutes(5)))
                .isEqualTo(Instant.parse("2026-11-26T12:05:00Z"));
    }

    private static PredictorMetrics metrics() {
        return new PredictorMetrics(new SimpleMeterRegistry());
    }
}
