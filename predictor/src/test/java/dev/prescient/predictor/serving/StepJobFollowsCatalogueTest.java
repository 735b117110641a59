package dev.prescient.predictor.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.model.TargetKind;
import dev.prescient.common.model.TargetRef;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.series.HistoryQuery;
import dev.prescient.common.series.RegularSeries;
import dev.prescient.common.series.SeriesQuality;
import dev.prescient.common.series.TimeSeries;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The step job (scoring accuracy, prefetching forecasts) takes the catalogue's workloads at each run, on its real
 * schedule at steps of a fraction of a second: one that joins is prepared from its step's next run, even at a step
 * no workload had at start-up; one that leaves is no longer fetched.
 */
class StepJobFollowsCatalogueTest {

    private static final Duration STEP = Duration.ofMillis(200);
    private static final Duration OTHER_STEP = Duration.ofMillis(300);

    private final Map<String, AtomicInteger> fetched = new ConcurrentHashMap<>();
    private final List<WorkloadSpec> catalogue = new CopyOnWriteArrayList<>();
    private final PredictorMetrics metrics = new PredictorMetrics(new SimpleMeterRegistry());
    private final ForecastService service = new ForecastService(new FixedModels(),
            new HistoryCache(this::fetch, metrics, Clock.systemUTC(), Duration.ofMinutes(10)), metrics, Clock.systemUTC(),
            Duration.ofSeconds(10), true);
    private final ForecastPrefetcher stepJob = new ForecastPrefetcher(service, Optional.empty(), Clock.systemUTC())
            .rescanEvery(Duration.ofMillis(100));

    @AfterEach
    void stop() {
        stepJob.close();
    }

    @Test
    void workloadsThatJoinArePreparedAndThoseThatLeaveAreNot() {
        catalogue.add(spec("api", STEP));
        stepJob.start(() -> List.copyOf(catalogue));
        await("api prepared", () -> fetches("api") >= 2);

        catalogue.add(spec("cart", STEP));
        catalogue.add(spec("search", OTHER_STEP));
        await("cart prepared at its step's next run", () -> fetches("cart") >= 2);
        await("search prepared at a step new since start-up", () -> fetches("search") >= 2);

        catalogue.removeIf(w -> w.name().equals("api"));
        sleep(STEP.multipliedBy(2)); // a run that began before the removal may still fetch it
        int before = fetches("api");
        sleep(STEP.multipliedBy(5));
        assertThat(fetches("api")).as("left the catalogue: no longer fetched").isEqualTo(before);
        assertThat(fetches("cart")).as("still fetched").isGreaterThan(2);
    }

    private int fetches(String name) {
        return fetched.computeIfAbsent(name, n -> new AtomicInteger()).get();
    }

    /** A flat series; counts the fetches per workload (named in its query). */
    private RegularSeries fetch(HistoryQuery query) {
        fetched.computeIfAbsent(query.expression(), n -> new AtomicInteger()).incrementAndGet();
        double[] values = new double[(int) query.steps()];
        Arrays.fill(values, 100);
        return new RegularSeries(new TimeSeries(query.from(), query.step(), values),
                new SeriesQuality(0, 0, 0, 0, 0));
    }

    private static WorkloadSpec spec(String name, Duration step) {
        return new WorkloadSpec(name, "shop", new TargetRef(TargetKind.Deployment, name), name, 50, 0.7, 1, 10,
                step.multipliedBy(1000), step, step.multipliedBy(6), Optional.empty(), ScalingMode.DRY_RUN);
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            sleep(Duration.ofMillis(10));
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
