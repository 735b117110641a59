package dev.prescient.predictor.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prescient.common.config.WorkloadConfigLoader;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.series.HistoryQuery;
import dev.prescient.common.series.RegularSeries;
import dev.prescient.common.series.SeriesQuality;
import dev.prescient.common.series.TimeSeries;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ForecastPrefetcherTest {

    private static final Instant STEP_START = Instant.parse("2026-11-26T12:05:00Z");
    private static final Clock CLOCK = Clock.fixed(STEP_START.minusSeconds(10), ZoneOffset.UTC);

    private static final List<WorkloadSpec> WORKLOADS = List.copyOf(WorkloadConfigLoader.parse(
            IntStream.range(0, 20).mapToObj(i -> """
                      - name: w%02d
                        namespace: shop
                        target: {kind: Deployment, name: w%02d}
                        query: rate(x{w="%02d"}[5m])
                        capacityPerPod: 10
                        minReplicas: 1
                        maxReplicas: 5
                        step: 5m
                        mode: dry-run
                    """.formatted(i, i, i)).collect(Collectors.joining("", "workloads:\n", "")), "test.yaml")
            .all());

    private final Map<String, AtomicInteger> fetches = new ConcurrentHashMap<>();

    private static RegularSeries daily(HistoryQuery q) {
        double[] values = new double[(int) q.steps()];
        for (int i = 0; i < values.length; i++) {
            values[i] = 1 + (i % 288) / 12.0;
        }
        return new RegularSeries(new TimeSeries(q.from(), q.step(), values), new SeriesQuality(0, 0, 0, 0, 0));
    }

    private ForecastService service(dev.prescient.common.series.HistorySource source) {
        PredictorMetrics metrics = new PredictorMetrics(new SimpleMeterRegistry());
        FixedModels models = new FixedModels();
        models.fallBack();
        HistoryCache history = new HistoryCache(source, metrics, CLOCK, Duration.ofMinutes(10));
        return new ForecastService(models, history, metrics, CLOCK, Duration.ofDays(2), true);
    }

    @Test
    void aRunPreparesEveryWorkloadOnceWithSeveralAtOnce() {
        CountDownLatch twoArrived = new CountDownLatch(2);
        AtomicBoolean overlapped = new AtomicBoolean();
        AtomicInteger arrivals = new AtomicInteger();
        ForecastService service = service(q -> {
            fetches.computeIfAbsent(q.expression(), k -> new AtomicInteger()).incrementAndGet();
            boolean first = arrivals.getAndIncrement() == 0;
            twoArrived.countDown();
            if (first) {
                try {
                    // the first fetch waits until a second one starts beside it: one thread alone times out here
                    overlapped.set(twoArrived.await(5, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return daily(q);
        });
        try (ForecastPrefetcher stepJob = new ForecastPrefetcher(service, Optional.empty(), CLOCK, true, 3)) {
            stepJob.prepareAll(WORKLOADS, STEP_START);
        }
        assertThat(overlapped).as("two workloads were being prepared at the same time").isTrue();
        assertThat(fetches).hasSize(20);
        assertThat(fetches.values()).allSatisfy(n -> assertThat(n).hasValue(1));
        for (WorkloadSpec spec : WORKLOADS) {
            assertThat(service.prepareAhead(spec, 6, STEP_START)).as(spec.key()).get()
                    .satisfies(r -> assertThat(r.points()).hasSize(6));
        }
        assertThat(fetches.values()).as("the step's history was kept, not fetched again")
                .allSatisfy(n -> assertThat(n).hasValue(1));
    }

    @Test
    void oneThreadPreparesInOrderOnTheCallersThread() {
        List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        ForecastService service = service(q -> {
            threads.add(Thread.currentThread().getName());
            return daily(q);
        });
        try (ForecastPrefetcher stepJob = new ForecastPrefetcher(service, Optional.empty(), CLOCK, true, 1)) {
            stepJob.prepareAll(WORKLOADS, STEP_START);
        }
        assertThat(threads).hasSize(20).containsOnly(Thread.currentThread().getName());
    }

    @Test
    void refusesFewerThanOneThread() {
        assertThatThrownBy(() -> new ForecastPrefetcher(service(ForecastPrefetcherTest::daily), Optional.empty(),
                CLOCK, true, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
    }
}
