package dev.prescient.predictor.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.prescient.common.accuracy.AccuracySnapshot;
import dev.prescient.common.api.ForecastResponse;
import dev.prescient.common.series.HistoryQuery;
import dev.prescient.common.series.RegularSeries;
import dev.prescient.common.series.SeriesQuality;
import dev.prescient.common.series.TimeSeries;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Live accuracy through the predictor's wiring: forecasts served by {@link ForecastService#fromSource}, actuals
 * arriving later from the (fake) history source, scored by the step job ({@link ForecastPrefetcher}), read
 * back from {@link ForecastAccuracy}, the gauges and the next forecast's {@code accuracy}.
 *
 * <p>The scenario, at a 5-minute step (actual one day earlier = 100 everywhere):
 * <pre>
 * step   actual  judged by (served at)          p50   p90    |a−p50|  |a−a(1d)|  a ≤ p90
 * T0     110     model (T0), constant 105       105   157.5    5        10        yes
 * T0+5   90      model                           105   157.5   15        10        yes
 * T0+10  160     model                           105   157.5   55        60        no
 * T0+15  100     fallback (T0+15), day-ago       100   100      0         0        yes
 * T0+20  80      fallback                        100   100     20        20        yes
 * T0+25  60      fallback                        100   100     40        40        yes
 * </pre>
 * MASE = (5+15+55+0+20+40) / (10+10+60+0+20+40) = 135/140; p90 coverage = 5/6; 3 points per source. The
 * fallback's p90 is 100: its past day-ago errors are almost all 0, so their 90th percentile is 0.
 */
class ForecastAccuracyTest {

    static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");
    static final Duration STEP = Duration.ofMinutes(5);
    static final Map<Instant, Double> ACTUALS = Map.of(T0, 110.0, T0.plus(STEP), 90.0,
            T0.plus(STEP.multipliedBy(2)), 160.0, T0.plus(STEP.multipliedBy(3)), 100.0,
            T0.plus(STEP.multipliedBy(4)), 80.0, T0.plus(STEP.multipliedBy(5)), 60.0);

    private final AtomicReference<Instant> now = new AtomicReference<>(T0.plusSeconds(10));
    private final List<HistoryQuery> queries = new ArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final PredictorMetrics metrics = new PredictorMetrics(meters);
    private final FixedModels models = new FixedModels();
    private final ForecastAccuracy accuracy = new ForecastAccuracy();
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final ForecastService service = new ForecastService(models,
            new HistoryCache(this::fetch, metrics, clock, Duration.ofMinutes(10)), metrics, clock, Duration.ofDays(2), true, accuracy);
    private final ForecastPrefetcher stepJob = new ForecastPrefetcher(service, Optional.empty(), clock);

    ForecastAccuracyTest() {
        metrics.watchAccuracy("shop/api", accuracy);
    }

    /** 100 at every step, except the scenario's actuals; only what lies before {@code query.to()}. */
    private RegularSeries fetch(HistoryQuery query) {
        queries.add(query);
        double[] values = new double[(int) query.steps()];
        for (int i = 0; i < values.length; i++) {
            values[i] = ACTUALS.getOrDefault(query.from().plus(STEP.multipliedBy(i)), 100.0);
        }
        return new RegularSeries(new TimeSeries(query.from(), STEP, values), new SeriesQuality(0, 0, 0, 0, 0));
    }

    private ForecastResponse serveAt(Instant t) {
        now.set(t.plusSeconds(10));
        return service.fromSource(HistoryCacheTest.SPEC, 6);
    }

    /** Runs the step job for the step starting at {@code stepStart}, a few seconds before it. */
    private void stepJobFor(Instant stepStart) {
        now.set(stepStart.minusSeconds(5));
        stepJob.prepareAll(List.of(HistoryCacheTest.SPEC), stepStart);
    }

    private double gauge(String name, String... tags) {
        return meters.find(name).tags(tags).gauge().value();
    }

    @Test
    void scoresServedModelAndFallbackForecastsOnceTheirActualsAreIn() {
        models.serve(new ServingModel("shop/api", "v7", new ConstantModel(105), T0));
        serveAt(T0);
        serveAt(T0).points(); // reused within the step: recorded once
        models.fallBack();
        ForecastResponse fallback = serveAt(T0.plus(STEP.multipliedBy(3)));
        assertThat(fallback.source()).isEqualTo("fallback:seasonal-naive");
        assertThat(fallback.points().get(0).p90()).as("day-ago errors are almost all 0").isEqualTo(100.0);

        Instant at = T0.plus(STEP.multipliedBy(6));
        stepJobFor(at);

        ForecastAccuracy.Scored scored = accuracy.latest("shop/api").orElseThrow();
        for (AccuracySnapshot.Window w : List.of(scored.snapshot().day(), scored.snapshot().hour())) {
            assertThat(w.points()).isEqualTo(6);
            assertThat(w.mase()).isCloseTo(135.0 / 140.0, within(1e-12));
            assertThat(w.p90Coverage()).isCloseTo(5.0 / 6.0, within(1e-12));
        }
        assertThat(scored.snapshot().at()).isEqualTo(at);
        Map<String, Integer> bySource = Map.of("model", 3, "fallback:seasonal-naive", 3);
        assertThat(scored.daySources()).isEqualTo(bySource);
        assertThat(scored.hourSources()).isEqualTo(bySource);
        assertThat(scored.snapshot().modelVersion()).as("a fallback answer does not change the version scored")
                .isEqualTo("v7");
    }

    /**
     * v7 serves the first three steps and is scored; v8 is promoted and serves the last three: its accuracy counts
     * only those (errors 5, 25, 45 = 75 against day-ago errors 0, 20, 40 = 60) and names v8.
     */
    @Test
    void accuracyOfANewModelVersionStartsEmpty() {
        models.serve(new ServingModel("shop/api", "v7", new ConstantModel(105), T0));
        serveAt(T0);
        stepJobFor(T0.plus(STEP.multipliedBy(3)));
        assertThat(accuracy.latest("shop/api").orElseThrow().snapshot().day().points()).isEqualTo(3);

        Instant promoted = T0.plus(STEP.multipliedBy(3));
        models.serve(new ServingModel("shop/api", "v8", new ConstantModel(105), promoted));
        ForecastResponse first = serveAt(promoted);
        assertThat(first.model().version()).isEqualTo("v8");
        assertThat(first.accuracy().modelVersion()).as("made before v8 was scored").isEqualTo("v7");

        Instant at = T0.plus(STEP.multipliedBy(6));
        stepJobFor(at);

        ForecastAccuracy.Scored scored = accuracy.latest("shop/api").orElseThrow();
        assertThat(scored.snapshot().modelVersion()).isEqualTo("v8");
        for (AccuracySnapshot.Window w : List.of(scored.snapshot().day(), scored.snapshot().hour())) {
            assertThat(w.points()).isEqualTo(3);
            assertThat(w.mase()).isCloseTo(75.0 / 60.0, within(1e-12));
            assertThat(w.p90Coverage()).isEqualTo(1.0);
        }
        assertThat(scored.daySources()).isEqualTo(Map.of("model", 3));
        now.set(at.plusSeconds(3));
        ForecastResponse.Accuracy wire = service.ready(HistoryCacheTest.SPEC, 6).orElseThrow().accuracy();
        assertThat(wire.modelVersion()).isEqualTo("v8");
        assertThat(wire.h24().points()).isEqualTo(3);
    }

    @Test
    void exportsTheScoresAndTheNewestForecastAndActualAsGauges() {
        models.serve(new ServingModel("shop/api", "v7", new ConstantModel(105), T0));
        serveAt(T0);
        assertThat(gauge("prescient.forecast.rate", "quantile", "0.5")).isEqualTo(105.0);
        assertThat(gauge("prescient.forecast.rate", "quantile", "0.9")).isEqualTo(157.5);
        assertThat(gauge("prescient.forecast.mase", "window", "24h")).as("not scored yet").isNaN();
        assertThat(gauge("prescient.actual.rate", "workload", "shop/api")).isNaN();
        models.fallBack();
        serveAt(T0.plus(STEP.multipliedBy(3)));
        stepJobFor(T0.plus(STEP.multipliedBy(6)));

        assertThat(gauge("prescient.forecast.mase", "workload", "shop/api", "window", "24h"))
                .isCloseTo(135.0 / 140.0, within(1e-12));
        assertThat(gauge("prescient.forecast.mase", "workload", "shop/api", "window", "1h"))
                .isCloseTo(135.0 / 140.0, within(1e-12));
        assertThat(gauge("prescient.forecast.p90.coverage", "workload", "shop/api", "window", "24h"))
                .isCloseTo(5.0 / 6.0, within(1e-12));
        assertThat(gauge("prescient.forecast.rate", "quantile", "0.5")).as("newest forecast: the fallback's")
                .isEqualTo(100.0);
        assertThat(gauge("prescient.forecast.rate", "quantile", "0.9")).isEqualTo(100.0);
        assertThat(gauge("prescient.actual.rate", "workload", "shop/api")).as("the step T0+25m").isEqualTo(60.0);
    }

    @Test
    void forecastMadeAfterScoringCarriesTheAccuracyWithoutAnotherHistoryQuery() {
        models.serve(new ServingModel("shop/api", "v7", new ConstantModel(105), T0));
        serveAt(T0);
        Instant at = T0.plus(STEP.multipliedBy(6));
        int before = queries.size();
        stepJobFor(at);
        assertThat(queries).as("scoring and prefetch share the step's one fetch").hasSize(before + 1);

        now.set(at.plusSeconds(3));
        ForecastResponse next = service.ready(HistoryCacheTest.SPEC, 6).orElseThrow();
        assertThat(queries).hasSize(before + 1);
        // model alone: errors 5, 15, 55, 5, 25, 45 = 150; day-ago errors 10, 10, 60, 0, 20, 40 = 140
        assertThat(next.accuracy().h1().mase()).isCloseTo(150.0 / 140.0, within(1e-12));
        assertThat(next.accuracy().h24().p90Coverage()).isCloseTo(5.0 / 6.0, within(1e-12));
        assertThat(next.accuracy().h24().points()).isEqualTo(6);
    }

    @Test
    void forecastsOlderThanAnHourCountInTheDayWindowOnly() {
        models.serve(new ServingModel("shop/api", "v7", new ConstantModel(105), T0));
        serveAt(T0);
        stepJobFor(T0.plus(Duration.ofHours(2)));

        AccuracySnapshot s = accuracy.latest("shop/api").orElseThrow().snapshot();
        assertThat(s.day().points()).isEqualTo(6);
        assertThat(s.day().mase()).isCloseTo(150.0 / 140.0, within(1e-12));
        assertThat(s.hour().points()).isZero();
        assertThat(s.hour().mase()).isNaN();
        assertThat(gauge("prescient.forecast.p90.coverage", "window", "1h")).isNaN();
        assertThat(gauge("prescient.forecast.p90.coverage", "window", "24h")).isCloseTo(5.0 / 6.0, within(1e-12));
    }

    @Test
    void forecastsFromPostedHistoryAreNotRecorded() {
        models.serve(new ServingModel("shop/api", "v7", new ConstantModel(105), T0));
        now.set(T0.plusSeconds(10));
        service.fromHistory(HistoryCacheTest.SPEC, fetch(new HistoryQuery("q", T0.minus(Duration.ofDays(2)), T0,
                STEP)).series(), 6);
        stepJobFor(T0.plus(STEP.multipliedBy(6)));

        ForecastAccuracy.Scored scored = accuracy.latest("shop/api").orElseThrow();
        assertThat(scored.snapshot().day().points()).isZero();
        assertThat(scored.daySources()).isEmpty();
        assertThat(gauge("prescient.forecast.rate", "quantile", "0.5")).isNaN();
    }
}
