package dev.prescient.predictor.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The least-recently-used cache of loaded models: what is evicted and when it is closed, loading once under
 * concurrent requests, failed loads, replacement by a promoted version, and leases that always see an open model.
 */
class LoadedModelsTest {

    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final PredictorMetrics metrics = new PredictorMetrics(meters);
    private final List<ConstantModel> built = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> loadsOf = new ConcurrentHashMap<>();

    /** Builds a new model per call, recording it; the level is the workload's number. */
    private final BiFunction<String, String, ServingModel> loader = (workload, version) -> {
        loadsOf.computeIfAbsent(workload, w -> new AtomicInteger()).incrementAndGet();
        ConstantModel model = new ConstantModel(Double.parseDouble(workload.substring(workload.indexOf('w') + 1)));
        built.add(model);
        return new ServingModel(workload, version, model, T0);
    };

    private static String w(int i) {
        return "ns/w" + i;
    }

    private ConstantModel use(LoadedModels cache, String workload) {
        try (ModelLease lease = cache.acquire(workload, () -> Optional.of("v1"), loader).orElseThrow()) {
            return (ConstantModel) lease.model().model();
        }
    }

    private double counter(String name, String... tags) {
        return meters.find(name).tags(tags).counter().count();
    }

    @Test
    void evictsTheLeastRecentlyUsedModelAndClosesIt() {
        LoadedModels cache = new LoadedModels(2, metrics);
        ConstantModel a = use(cache, w(1));
        ConstantModel b = use(cache, w(2));
        assertThat(use(cache, w(1))).as("a hit returns the loaded model").isSameAs(a);

        ConstantModel c = use(cache, w(3));

        assertThat(b.closed).as("w2, least recently used, evicted and closed").isTrue();
        assertThat(a.closed).isFalse();
        assertThat(c.closed).isFalse();
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.peek(w(2))).isEmpty();
        assertThat(cache.peek(w(1))).isPresent();
        assertThat(counter("prescient.predictor.model.evictions")).isEqualTo(1);
        assertThat(counter("prescient.predictor.model.loads")).isEqualTo(3);
        assertThat(counter("prescient.predictor.model.lookups", "result", "hit")).isEqualTo(1);
        assertThat(counter("prescient.predictor.model.lookups", "result", "miss")).isEqualTo(3);
        assertThat(meters.find("prescient.predictor.models.loaded").gauge().value()).isEqualTo(2);
        assertThat(meters.find("prescient.predictor.models.loaded.max").gauge().value()).isEqualTo(2);
    }

    @Test
    void peekingDoesNotCountAsUse() {
        LoadedModels cache = new LoadedModels(2, metrics);
        ConstantModel a = use(cache, w(1));
        use(cache, w(2));
        assertThat(cache.peek(w(1))).isPresent();
        assertThat(cache.isLoaded(w(1))).isTrue();

        use(cache, w(3));

        assertThat(a.closed).as("w1 is still the least recently used").isTrue();
    }

    @Test
    void reloadsAModelAfterItsEviction() {
        LoadedModels cache = new LoadedModels(1, metrics);
        ConstantModel first = use(cache, w(1));
        use(cache, w(2));
        ConstantModel again = use(cache, w(1));

        assertThat(again).isNotSameAs(first);
        assertThat(again.level).isEqualTo(1);
        assertThat(again.closed).isFalse();
        assertThat(loadsOf.get(w(1))).hasValue(2);
    }

    @Test
    void anEvictedModelStaysOpenUntilItsLastLeaseCloses() {
        LoadedModels cache = new LoadedModels(1, metrics);
        ModelLease held = cache.acquire(w(1), () -> Optional.of("v1"), loader).orElseThrow();
        ModelLease second = cache.acquire(w(1), () -> Optional.of("v1"), loader).orElseThrow();
        ConstantModel model = (ConstantModel) held.model().model();

        use(cache, w(2));
        assertThat(cache.peek(w(1))).as("evicted").isEmpty();
        assertThat(model.closed).as("two leases still open").isFalse();
        held.close();
        held.close();
        assertThat(model.closed).as("a lease closed twice counts once").isFalse();
        second.close();
        assertThat(model.closed).isTrue();
    }

    @Test
    void concurrentRequestsForAModelNotLoadedLoadItOnce() throws Exception {
        LoadedModels cache = new LoadedModels(4, metrics);
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger loads = new AtomicInteger();
        BiFunction<String, String, ServingModel> slow = (workload, version) -> {
            loads.incrementAndGet();
            loading.countDown();
            await(release);
            return new ServingModel(workload, version, new ConstantModel(7), T0);
        };
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<ServingModel>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    try (ModelLease lease = cache.acquire(w(1), () -> Optional.of("v1"), slow).orElseThrow()) {
                        return lease.model();
                    }
                }));
            }
            assertThat(loading.await(5, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(100);
            release.countDown();
            ServingModel first = results.get(0).get(5, TimeUnit.SECONDS);
            for (Future<ServingModel> r : results) {
                assertThat(r.get(5, TimeUnit.SECONDS)).isSameAs(first);
            }
            assertThat(loads).hasValue(1);
            assertThat(counter("prescient.predictor.model.lookups", "result", "miss")).isEqualTo(1);
            assertThat(counter("prescient.predictor.model.lookups", "result", "hit")).isEqualTo(threads - 1);
            assertThat(((ConstantModel) first.model()).closed).isFalse();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailedLoadReachesEveryWaiterAndIsNotKept() {
        LoadedModels cache = new LoadedModels(2, metrics);
        BiFunction<String, String, ServingModel> broken = (workload, version) -> {
            throw new IllegalStateException("cannot load model " + workload + " " + version + ": natives missing");
        };
        assertThatThrownBy(() -> cache.acquire(w(1), () -> Optional.of("v1"), broken))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("natives missing");
        assertThat(cache.size()).isZero();
        assertThat(cache.isLoaded(w(1))).isFalse();

        assertThat(use(cache, w(1)).level).as("the next request tries again").isEqualTo(1);
        assertThat(counter("prescient.predictor.model.loads")).isEqualTo(1);
    }

    @Test
    void noVersionMeansNoLeaseAndNoLoad() {
        LoadedModels cache = new LoadedModels(2, metrics);
        assertThat(cache.acquire(w(1), Optional::empty, loader)).isEmpty();
        assertThat(built).isEmpty();
    }

    @Test
    void aNewVersionReplacesTheCachedModelWhichClosesOnceReleased() {
        LoadedModels cache = new LoadedModels(2, metrics);
        ModelLease old = cache.acquire(w(1), () -> Optional.of("v1"), loader).orElseThrow();
        ConstantModel v2 = new ConstantModel(2);
        AtomicInteger changed = new AtomicInteger();

        cache.replace(new ServingModel(w(1), "v2", v2, T0), changed::incrementAndGet);

        assertThat(changed).hasValue(1);
        assertThat(cache.peek(w(1)).orElseThrow().version()).isEqualTo("v2");
        assertThat(((ConstantModel) old.model().model()).closed).as("still leased").isFalse();
        old.close();
        assertThat(((ConstantModel) old.model().model()).closed).isTrue();
        try (ModelLease lease = cache.acquire(w(1), () -> Optional.of("v2"), loader).orElseThrow()) {
            assertThat(lease.model().model()).isSameAs(v2);
        }
        assertThat(loadsOf.get(w(1))).as("v2 was not loaded again").hasValue(1);
    }

    @Test
    void aCachedModelOfAnotherVersionIsDroppedAndTheWantedOneLoaded() {
        LoadedModels cache = new LoadedModels(2, metrics);
        ConstantModel v1 = use(cache, w(1));
        try (ModelLease lease = cache.acquire(w(1), () -> Optional.of("v2"), loader).orElseThrow()) {
            assertThat(lease.model().version()).isEqualTo("v2");
        }
        assertThat(v1.closed).isTrue();
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void invalidatingDropsTheModelAndClearingClosesAll() {
        LoadedModels cache = new LoadedModels(3, metrics);
        ConstantModel a = use(cache, w(1));
        ConstantModel b = use(cache, w(2));
        cache.invalidate(w(1), () -> { });
        assertThat(a.closed).isTrue();
        assertThat(cache.peek(w(1))).isEmpty();
        cache.clear();
        assertThat(b.closed).isTrue();
        assertThat(cache.size()).isZero();
    }

    @Test
    void underConcurrentUseNoLeaseSeesAClosedModelAndEveryDroppedModelIsClosed() throws Exception {
        int capacity = 3;
        LoadedModels cache = new LoadedModels(capacity, metrics);
        AtomicInteger closedWhileLeased = new AtomicInteger();
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long seed = t;
                done.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    for (int i = 0; i < 2_000; i++) {
                        String workload = w(random.nextInt(10));
                        try (ModelLease lease = cache.acquire(workload, () -> Optional.of("v1"), loader)
                                .orElseThrow()) {
                            ConstantModel model = (ConstantModel) lease.model().model();
                            if (model.closed.get()) {
                                closedWhileLeased.incrementAndGet();
                            }
                            Thread.yield();
                            if (model.closed.get()) {
                                closedWhileLeased.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(closedWhileLeased).hasValue(0);
        assertThat(cache.size()).isLessThanOrEqualTo(capacity);
        long open = built.stream().filter(m -> !m.closed.get()).count();
        assertThat(open).as("only the cached models are open").isEqualTo(cache.size());
        assertThat(counter("prescient.predictor.model.evictions"))
                .isEqualTo(counter("prescient.predictor.model.loads") - cache.size());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
