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

    static final WorkloadSpec SPEC = api("5m");

    /** The workload shop/api at {@code step}. */
    private static WorkloadSpec api(String step) {
        return WorkloadConfigLoader.parse("""
                workloads:
                  - name: api
                    namespace: shop
                    target: {kind: Deployment, name: api}
                    query: rate(x[5m])
                    capacityPerPod: 10
                    minReplicas: 1
                    maxReplicas: 5
                    step: %s
                    mode: dry-run
                """.formatted(step), "test.yaml").get("shop/api");
    }

    static final Duration REFETCH = Duration.ofMinutes(10);

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
        HistoryCache cache = new HistoryCache(counting(HistoryCacheTest::ones), metrics(), clock, REFETCH);
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
    void aLongerNeedFetchesAgainAndANewStepQueriesOnlyItsNewestPart() {
        HistoryCache cache = new HistoryCache(counting(HistoryCacheTest::ones), metrics(), clock, REFETCH);
        cache.get(SPEC, 12);
        cache.get(SPEC, 24);
        now.set(Instant.parse("2026-11-26T12:05:00Z"));
        CachedHistory next = cache.get(SPEC, 12);
        assertThat(queries).extracting(HistoryQuery::to).containsExactly(Instant.parse("2026-11-26T12:00:00Z"),
                Instant.parse("2026-11-26T12:00:00Z"), Instant.parse("2026-11-26T12:05:00Z"));
        // the refetch (10 minutes, two steps) and one step more before the kept end, then the new step
        assertThat(queries).extracting(HistoryQuery::steps).containsExactly(12L, 24L, 4L);
        assertThat(queries.get(2).from()).isEqualTo(Instant.parse("2026-11-26T11:45:00Z"));
        assertThat(next.series().start()).isEqualTo(Instant.parse("2026-11-26T11:05:00Z"));
        assertThat(next.series().size()).isEqualTo(12);
    }

    @Test
    void aFailedFetchIsNotKeptSoTheNextCallTriesAgain() {
        HistorySource down = q -> {
            throw new HistoryException("Prometheus at http://p:9090 is down", true);
        };
        HistoryCache cache = new HistoryCache(counting(down), metrics(), clock, REFETCH);
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
        }), metrics(), clock, REFETCH);
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
        HistoryCache cache = new HistoryCache(counting(HistoryCacheTest::ones), metrics(), clock, REFETCH);
        CachedHistory current = cache.get(SPEC, 12);
        CachedHistory next = cache.get(SPEC, 12, Instant.parse("2026-11-26T12:05:00Z"));
        assertThat(cache.get(SPEC, 12)).isSameAs(current);
        now.set(Instant.parse("2026-11-26T12:05:01Z"));
        assertThat(cache.get(SPEC, 12)).isSameAs(next);
        assertThat(next.series().end()).isEqualTo(Instant.parse("2026-11-26T12:05:00Z"));
        assertThat(queries).hasSize(2);
    }

    /** A source whose every query reads the same underlying series: value at minute m is (m * 7) mod 31. */
    private static RegularSeries wave(HistoryQuery q) {
        double[] values = new double[(int) q.steps()];
        for (int i = 0; i < values.length; i++) {
            long minute = q.from().plus(q.step().multipliedBy(i)).getEpochSecond() / 60;
            values[i] = (minute * 7) % 31;
        }
        return new RegularSeries(new TimeSeries(q.from(), q.step(), values), new SeriesQuality(0, 0, 0, 0, 0));
    }

    @Test
    void stepAfterStepTheSplicedHistoryEqualsAWholeFetch() {
        HistoryCache cache = new HistoryCache(counting(HistoryCacheTest::wave), metrics(), clock, REFETCH);
        for (int k = 0; k < 30; k++) {
            now.set(Instant.parse("2026-11-26T12:03:10Z").plus(Duration.ofMinutes(5L * k)));
            CachedHistory history = cache.get(SPEC, 288);
            Instant end = HistoryCache.stepStart(now.get(), SPEC.step());
            TimeSeries whole = wave(new HistoryQuery("x", end.minus(Duration.ofDays(1)), end, SPEC.step())).series();
            assertThat(history.series()).as("step %d", k).isEqualTo(whole);
        }
        assertThat(queries.get(0).steps()).isEqualTo(288);
        assertThat(queries.subList(1, queries.size())).extracting(HistoryQuery::steps).containsOnly(4L);
    }

    @Test
    void theRefetchedOverlapCorrectsLateSamplesAndAGapThereKeepsTheValueHeldBefore() {
        // the first fetch sees the newest point late (a gap) and the one before it still moving (5);
        // the next step's query of the newest part has both, except a point it lost (a gap) that was kept as 9
        Instant t0 = Instant.parse("2026-11-26T11:55:00Z");
        Instant lost = Instant.parse("2026-11-26T11:45:00Z");
        AtomicReference<Boolean> late = new AtomicReference<>(true);
        HistorySource source = q -> {
            double[] values = new double[(int) q.steps()];
            for (int i = 0; i < values.length; i++) {
                Instant t = q.from().plus(q.step().multipliedBy(i));
                values[i] = t.equals(lost) ? (late.get() ? 9 : Double.NaN)
                        : t.equals(t0) ? (late.get() ? Double.NaN : 7)
                        : t.equals(t0.minus(q.step())) ? (late.get() ? 5 : 6) : 1;
            }
            return new RegularSeries(new TimeSeries(q.from(), q.step(), values), new SeriesQuality(0, 0, 0, 0, 0));
        };
        HistoryCache cache = new HistoryCache(counting(source), metrics(), clock, REFETCH);
        CachedHistory first = cache.get(SPEC, 12);
        assertThat(first.series().valueAt(11)).isNaN();
        late.set(false);
        now.set(Instant.parse("2026-11-26T12:05:00Z"));
        TimeSeries next = cache.get(SPEC, 12).series();
        assertThat(next.valueAt((int) next.indexOf(t0))).isEqualTo(7);
        assertThat(next.valueAt((int) next.indexOf(t0.minus(SPEC.step())))).isEqualTo(6);
        assertThat(next.valueAt((int) next.indexOf(lost))).isEqualTo(9);
        assertThat(next.valueAt(11)).isEqualTo(1);
        assertThat(queries).extracting(HistoryQuery::steps).containsExactly(12L, 4L);
    }

    @Test
    void whenTheNewestPartCannotBeHadTheWholeRangeIsFetchedAndItsErrorReported() {
        AtomicReference<Boolean> down = new AtomicReference<>(false);
        HistoryCache cache = new HistoryCache(counting(q -> {
            if (q.steps() < 12) {
                throw new HistoryException("query '" + q.expression() + "' returned no series", false);
            }
            if (down.get()) {
                throw new HistoryException("Prometheus at http://p:9090 is down", true);
            }
            return ones(q);
        }), metrics(), clock, REFETCH);
        cache.get(SPEC, 12);
        now.set(Instant.parse("2026-11-26T12:05:00Z"));
        assertThat(cache.get(SPEC, 12).series().size()).isEqualTo(12);
        assertThat(queries).extracting(HistoryQuery::steps).containsExactly(12L, 4L, 12L);
        down.set(true);
        now.set(Instant.parse("2026-11-26T12:10:00Z"));
        assertThatThrownBy(() -> cache.get(SPEC, 12)).isInstanceOf(HistoryException.class).hasMessageContaining("down");
    }

    @Test
    void aSourceThatIsDownForTheNewestPartIsNotAskedForTheWholeRangeToo() {
        AtomicReference<Boolean> down = new AtomicReference<>(false);
        HistoryCache cache = new HistoryCache(counting(q -> {
            if (down.get()) {
                throw new HistoryException("Prometheus at http://p:9090 is down", true);
            }
            return ones(q);
        }), metrics(), clock, REFETCH);
        cache.get(SPEC, 12);
        down.set(true);
        now.set(Instant.parse("2026-11-26T12:05:00Z"));
        assertThatThrownBy(() -> cache.get(SPEC, 12)).isInstanceOf(HistoryException.class).hasMessageContaining("down");
        assertThat(queries).extracting(HistoryQuery::steps).containsExactly(12L, 4L);
    }

    @Test
    void aWorkloadAskedForAgainAfterSkippedStepsQueriesFromWhereItsKeptHistoryEnds() {
        HistoryCache cache = new HistoryCache(counting(HistoryCacheTest::wave), metrics(), clock, REFETCH);
        cache.get(SPEC, 12);
        now.set(Instant.parse("2026-11-26T12:20:00Z"));
        CachedHistory later = cache.get(SPEC, 12);
        assertThat(queries.get(1).from()).isEqualTo(Instant.parse("2026-11-26T11:45:00Z"));
        assertThat(queries.get(1).to()).isEqualTo(Instant.parse("2026-11-26T12:20:00Z"));
        assertThat(later.series()).isEqualTo(wave(new HistoryQuery("x", Instant.parse("2026-11-26T11:20:00Z"),
                Instant.parse("2026-11-26T12:20:00Z"), SPEC.step())).series());
        now.set(Instant.parse("2026-11-26T14:00:00Z"));
        cache.get(SPEC, 12);
        assertThat(queries.get(2).steps()).as("kept history too old to cover the range").isEqualTo(12);
    }

    @Test
    void aWorkloadWhoseStepChangedFetchesItsWholeRangeAtTheNewStep() {
        HistoryCache cache = new HistoryCache(counting(HistoryCacheTest::wave), metrics(), clock, REFETCH);
        cache.get(SPEC, 12);
        WorkloadSpec everyMinute = api("1m");
        now.set(Instant.parse("2026-11-26T12:05:30Z"));
        CachedHistory history = cache.get(everyMinute, 60);
        assertThat(history.series().step()).isEqualTo(Duration.ofMinutes(1));
        assertThat(queries.get(1).steps()).as("the whole hour at one minute").isEqualTo(60);
    }

    @Test
    void refusesANegativeRefetch() {
        assertThatThrownBy(() -> new HistoryCache(HistoryCacheTest::ones, metrics(), clock, Duration.ofMinutes(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refetch");
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
