package dev.prescient.predictor.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prescient.common.api.ForecastResponse;
import dev.prescient.common.forecast.FittedModel;
import dev.prescient.common.forecast.Forecast;
import dev.prescient.common.forecast.ForecastException;
import dev.prescient.common.policy.Sizing;
import dev.prescient.common.policy.SizingJson;
import dev.prescient.common.series.TimeSeries;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ForecastServiceTest {

    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    static final Duration STEP = Duration.ofMinutes(5);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final FixedModels models = new FixedModels();

    private ForecastService service() {
        PredictorMetrics metrics = new PredictorMetrics(meters);
        HistoryCache history = new HistoryCache(q -> {
            throw new UnsupportedOperationException("not used");
        }, metrics, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(10));
        return new ForecastService(models, history, metrics, Clock.fixed(NOW, ZoneOffset.UTC),
                Duration.ofDays(2), true);
    }

    private void serve(FittedModel model) {
        models.serve(new ServingModel("shop/api", "v7", model, NOW));
    }

    /** Two days at 5 minutes, each value its time of day in hours + 1, ending at {@link #NOW}. */
    private static TimeSeries history() {
        double[] values = new double[576];
        for (int i = 0; i < values.length; i++) {
            values[i] = 1 + (i % 288) / 12.0;
        }
        return new TimeSeries(NOW.minus(STEP.multipliedBy(576)), STEP, values);
    }

    private double counter(String name, String... tags) {
        var c = meters.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void servingModelAnswersWithItsVersion() {
        serve(new ConstantModel(42));
        ForecastResponse r = service().fromHistory(HistoryCacheTest.SPEC, history(), 6);
        assertThat(r.source()).isEqualTo("model");
        assertThat(r.model()).isEqualTo(new ForecastResponse.ModelRef("v7", "production", "fake"));
        assertThat(r.points()).extracting(ForecastResponse.Point::p50).containsOnly(42.0);
        assertThat(r.historyUntil()).isEqualTo(NOW.minus(STEP));
        assertThat(r.points().get(0).t()).isEqualTo(NOW);
        assertThat(r.freshness().modelLoadedAt()).isEqualTo(NOW);
        assertThat(counter("prescient.forecast.requests", "source", "model")).isEqualTo(1);
    }

    @Test
    void answersWithTheSizingOfTheServingVersionAndWithoutOneFromTheFallback() {
        Sizing sizing = new Sizing(1.0, 5, 3, Optional.empty(), new Sizing.Reactive(0.75, 5),
                Sizing.Calibration.none());
        models.serve(new ServingModel("shop/api", "v7", new ConstantModel(42), Optional.of(sizing), NOW));
        ForecastResponse fromModel = service().fromHistory(HistoryCacheTest.SPEC, history(), 6);
        models.serve(new ServingModel("shop/api", "v8", new ConstantModel(Double.NaN), Optional.of(sizing), NOW));
        ForecastResponse fromFallback = service().fromHistory(HistoryCacheTest.SPEC, history(), 6);

        assertThat(fromModel.sizing()).isEqualTo(SizingJson.toJson(sizing));
        assertThat(fromModel.toView().sizing()).contains(sizing);
        assertThat(fromFallback.source()).as("v8 answers garbage").isEqualTo("fallback:seasonal-naive");
        assertThat(fromFallback.sizing()).as("a fallback answer is not the model version's").isNull();
    }

    @ParameterizedTest(name = "level {0}")
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -1})
    void modelOutputThatIsNotAFiniteNonNegativeRateIsNeverReturned(double level) {
        serve(new ConstantModel(level));
        ForecastResponse r = service().fromHistory(HistoryCacheTest.SPEC, history(), 6);
        assertThat(r.source()).isEqualTo("fallback:seasonal-naive");
        assertThat(r.model()).isEqualTo(new ForecastResponse.ModelRef(null, "fallback", "seasonal-naive"));
        // seasonal naive: one day before each step, i.e. the first six values of the series' second day
        assertThat(r.points()).extracting(ForecastResponse.Point::p50)
                .containsExactly(Arrays.stream(history().values(), 288, 294).boxed().toArray(Double[]::new));
        assertThat(counter("prescient.forecast.invalid.output", "workload", "shop/api")).isEqualTo(1);
        assertThat(counter("prescient.forecast.fallbacks", "reason", "invalid-output")).isEqualTo(1);
    }

    @Test
    void modelReturningTheWrongNumberOfStepsIsRefused() {
        serve(new ConstantModel(5) {
            @Override
            public Forecast forecast(TimeSeries recent, int horizonSteps) {
                return super.forecast(recent, horizonSteps - 1);
            }
        });
        assertThat(service().fromHistory(HistoryCacheTest.SPEC, history(), 6).source())
                .isEqualTo("fallback:seasonal-naive");
        assertThat(counter("prescient.forecast.invalid.output", "workload", "shop/api")).isEqualTo(1);
    }

    @Test
    void failingModelFallsBackAndIsCounted() {
        serve(new ConstantModel(5) {
            @Override
            public Forecast forecast(TimeSeries recent, int horizonSteps) {
                throw new ForecastException("lstm network failed to forecast: boom");
            }
        });
        assertThat(service().fromHistory(HistoryCacheTest.SPEC, history(), 6).source())
                .isEqualTo("fallback:seasonal-naive");
        assertThat(counter("prescient.forecast.fallbacks", "reason", "model-failed")).isEqualTo(1);
        assertThat(counter("prescient.forecast.invalid.output", "workload", "shop/api")).isZero();
    }

    @ParameterizedTest(name = "forecast cache {0}")
    @ValueSource(booleans = {true, false})
    void getWithinOneStepRunsTheModelOnceWhenForecastsAreReused(boolean reuse) {
        java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
        serve(new ConstantModel(7) {
            @Override
            public Forecast forecast(TimeSeries recent, int horizonSteps) {
                runs.incrementAndGet();
                return super.forecast(recent, horizonSteps);
            }
        });
        PredictorMetrics metrics = new PredictorMetrics(meters);
        Clock clock = Clock.fixed(NOW.plusSeconds(30), ZoneOffset.UTC);
        HistoryCache history = new HistoryCache(q -> new dev.prescient.common.series.RegularSeries(
                history().slice(576 - (int) q.steps(), 576), new dev.prescient.common.series.SeriesQuality(0, 0, 0,
                0, 0)), metrics, clock, Duration.ofMinutes(10));
        ForecastService service = new ForecastService(models, history, metrics, clock, Duration.ofDays(2), reuse);
        ForecastResponse first = service.fromSource(HistoryCacheTest.SPEC, 6);
        ForecastResponse second = service.fromSource(HistoryCacheTest.SPEC, 6);
        assertThat(second).isEqualTo(first);
        assertThat(first.generatedAt()).isEqualTo(NOW.plusSeconds(30));
        assertThat(runs).hasValue(reuse ? 1 : 2);
        service.fromSource(HistoryCacheTest.SPEC, 3);
        assertThat(runs).hasValue(reuse ? 2 : 3);
        assertThat(counter("prescient.forecast.requests", "source", "model")).isEqualTo(3);
    }

    @Test
    void prefetchedForecastAnswersTheFirstRequestAndOnlyRequestsAreCounted() {
        java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
        serve(new ConstantModel(7) {
            @Override
            public Forecast forecast(TimeSeries recent, int horizonSteps) {
                runs.incrementAndGet();
                return super.forecast(recent, horizonSteps);
            }
        });
        PredictorMetrics metrics = new PredictorMetrics(meters);
        Clock clock = Clock.fixed(NOW.plusSeconds(1), ZoneOffset.UTC);
        HistoryCache history = new HistoryCache(q -> new dev.prescient.common.series.RegularSeries(
                history().slice(576 - (int) q.steps(), 576), new dev.prescient.common.series.SeriesQuality(0, 0, 0,
                0, 0)), metrics, clock, Duration.ofMinutes(10));
        ForecastService service = new ForecastService(models, history, metrics, clock, Duration.ofDays(2), true);
        assertThat(service.ready(HistoryCacheTest.SPEC, 6)).isEmpty();
        new ForecastPrefetcher(service, Optional.empty(), clock).prepareAll(java.util.List.of(HistoryCacheTest.SPEC));
        assertThat(runs).hasValue(1);
        assertThat(service.ready(HistoryCacheTest.SPEC, 3)).as("another horizon is not made yet").isEmpty();
        assertThat(counter("prescient.forecast.requests", "source", "model")).isZero();
        ForecastResponse answered = service.ready(HistoryCacheTest.SPEC, 6).orElseThrow();
        assertThat(answered).isSameAs(service.fromSource(HistoryCacheTest.SPEC, 6));
        assertThat(answered.points()).hasSize(6);
        assertThat(runs).hasValue(1);
        assertThat(counter("prescient.forecast.requests", "source", "model")).isEqualTo(2);
    }

    @Test
    void historyTooShortForAnyForecasterIsUnavailable() {
        models.fallBack();
        TimeSeries shortHistory = history().slice(500, 576);
        assertThatThrownBy(() -> service().fromHistory(HistoryCacheTest.SPEC, shortHistory, 6))
                .isInstanceOf(ForecastUnavailableException.class)
                .hasMessageStartingWith("cannot forecast shop/api from")
                .hasMessageContaining("seasonal-naive cannot fit")
                .extracting(e -> ((ForecastUnavailableException) e).reason()).isEqualTo("history-too-short");
    }

    private ForecastService scripted(PredictorMetrics metrics, Clock clock) {
        HistoryCache history = new HistoryCache(q -> new dev.prescient.common.series.RegularSeries(
                history().slice(576 - (int) q.steps(), 576), new dev.prescient.common.series.SeriesQuality(0, 0, 0,
                0, 0)), metrics, clock, Duration.ofMinutes(10));
        return new ForecastService(models, history, metrics, clock, Duration.ofDays(2), true);
    }

    @Test
    void everyLeaseTakenIsGivenBackAndAnswersReusedWithinTheStepTakeNone() {
        serve(new ConstantModel(7));
        ForecastService service = scripted(new PredictorMetrics(meters), Clock.fixed(NOW.plusSeconds(1),
                ZoneOffset.UTC));
        service.fromSource(HistoryCacheTest.SPEC, 6);
        service.fromHistory(HistoryCacheTest.SPEC, history(), 6);
        assertThat(models.leases).hasValue(2);
        assertThat(service.ready(HistoryCacheTest.SPEC, 6)).isPresent();
        service.fromSource(HistoryCacheTest.SPEC, 6);
        assertThat(models.leases).as("the reused forecast needs no model").hasValue(2);
        assertThat(models.open).hasValue(0);
    }

    @Test
    void aModelThatDoesNotLoadIsAnsweredByTheFallbackCountedAsLoadFailed() {
        serve(new ConstantModel(7));
        models.failLoads = true;
        ForecastResponse r = scripted(new PredictorMetrics(meters), Clock.fixed(NOW.plusSeconds(1), ZoneOffset.UTC))
                .fromSource(HistoryCacheTest.SPEC, 6);
        assertThat(r.source()).isEqualTo(ForecastService.SOURCE_FALLBACK);
        assertThat(counter("prescient.forecast.fallbacks", "reason", "load-failed")).isEqualTo(1);
        assertThat(counter("prescient.forecast.fallbacks", "reason", "no-model")).isZero();
    }

    @Test
    void aheadOfRequestsAFullCacheOfLoadedModelsIsLeftAloneButTheHistoryFetched() {
        serve(new ConstantModel(7));
        models.room = false;
        ForecastService service = scripted(new PredictorMetrics(meters), Clock.fixed(NOW.plusSeconds(1),
                ZoneOffset.UTC));
        assertThat(service.prepareAhead(HistoryCacheTest.SPEC, 6, NOW)).isEmpty();
        assertThat(models.leases).hasValue(0);
        assertThat(meters.find("prescient.history.query").timer().count()).as("history fetched ahead").isEqualTo(1);

        models.room = true;
        assertThat(service.prepareAhead(HistoryCacheTest.SPEC, 6, NOW)).isPresent();
        assertThat(models.leases).hasValue(1);
        assertThat(meters.find("prescient.history.query").timer().count()).as("no second fetch").isEqualTo(1);
    }

    @Test
    void withoutHistoryNoModelIsLoaded() {
        serve(new ConstantModel(7));
        PredictorMetrics metrics = new PredictorMetrics(meters);
        Clock clock = Clock.fixed(NOW.plusSeconds(1), ZoneOffset.UTC);
        HistoryCache history = new HistoryCache(q -> {
            throw new dev.prescient.common.series.HistoryException("prometheus refused", false);
        }, metrics, clock, Duration.ofMinutes(10));
        ForecastService service = new ForecastService(models, history, metrics, clock, Duration.ofDays(2), true);
        assertThatThrownBy(() -> service.fromSource(HistoryCacheTest.SPEC, 6))
                .isInstanceOf(ForecastUnavailableException.class).hasMessageContaining("prometheus refused");
        assertThat(models.leases).hasValue(0);
    }
}
