package dev.prescient.trainer.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prescient.common.accuracy.DemotionSettings;
import dev.prescient.common.forecast.Forecast;
import dev.prescient.common.policy.HoldReason;
import dev.prescient.common.series.TimeSeries;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Demotion inside the backtest's prescient controller on a synthetic trace: a daily sine around 1000 with noise
 * (so the day-ago naive has an error to compare with), C = 100, D = 3, simulated from day 3. The forecasts are the
 * truth (p90 = 1.1 × p50) except on day 4, when they say half the demand. The default limits judge the last 24 h.
 */
class PrescientDemotionTest {

    private static final Instant MINUTE_ZERO = Instant.parse("2024-03-01T00:00:00Z");
    private static final int DAY = 1440;
    private static final int T0 = 3 * DAY;
    private static final double C = 100;

    private static double[] demand(int days) {
        Random random = new Random(5);
        double[] d = new double[days * DAY];
        for (int t = 0; t < d.length; t++) {
            d[t] = Math.round(1000 + 400 * Math.sin(2 * Math.PI * t / DAY) + 30 * random.nextGaussian());
        }
        return d;
    }

    /** The truth, but half of it on the days in [badFrom, badTo). */
    private static ForecastTrack track(double[] demand, int badFrom, int badTo) {
        ForecastTrack track = new ForecastTrack("lstm");
        for (int origin = T0; origin < demand.length - 30; origin += 5) {
            double[] p50 = new double[30];
            double[] p90 = new double[30];
            for (int k = 0; k < 30; k++) {
                int m = origin + k;
                double factor = m >= badFrom * DAY && m < badTo * DAY ? 0.5 : 1;
                p50[k] = demand[m] * factor;
                p90[k] = 1.1 * p50[k];
            }
            track.put(origin, new Forecast(MINUTE_ZERO.plus(Duration.ofMinutes(origin)), Duration.ofMinutes(1), p50,
                    p90));
        }
        return track;
    }

    private static PrescientController run(double[] demand, ForecastTrack track, Optional<DemotionSettings> demotion) {
        Scenario scenario = new Scenario(C, 3, 1, T0, demand.length - 30);
        PrescientSetup setup = PrescientSetup.shipped().withDemotion(demotion);
        BacktestOptions options = new BacktestOptions(List.of("prescient"), 3, OptionalDouble.of(C), setup, 42);
        TimeSeries series = new TimeSeries(MINUTE_ZERO, Duration.ofMinutes(1), demand);
        PrescientController pc = Backtest.prescient(series, scenario, options, Map.of("lstm", track));
        new Simulator(demand, scenario).run(pc);
        return pc;
    }

    /**
     * Day 4's forecasts miss by about 500 where the day-ago naive misses by about 40: the 24 h MASE passes 1.2 after
     * roughly 140 bad minutes. The bad points leave the 24 h window only late on day 5, and 2 h later the forecasts
     * are used again.
     */
    @Test
    void demotesABadDayAndReenablesOnceTheDayHasLeftTheWindowForTwoHours() {
        double[] demand = demand(7);
        PrescientController pc = run(demand, track(demand, 4, 5), Optional.of(DemotionSettings.defaults()));

        List<DemotionInterval> demotions = pc.demotions(demand.length - 30);

        assertThat(demotions).hasSize(1);
        DemotionInterval d = demotions.get(0);
        assertThat(d.fromMinute()).isBetween(4 * DAY + 60, 4 * DAY + 240);
        assertThat(d.reason()).startsWith("MASE ").contains("over the last 24h is above the limit 1.20");
        assertThat(d.toMinute()).isBetween(5 * DAY + 20 * 60, 6 * DAY);
        assertThat(d.endReason()).startsWith("accuracy within limits since ").contains("(2h)");
        List<TimedDecision> during = pc.decisions().stream()
                .filter(t -> t.minute() >= d.fromMinute() && t.minute() < d.toMinute()).toList();
        assertThat(during).isNotEmpty().allSatisfy(t ->
                assertThat(t.decision().holdReason()).contains(HoldReason.DEMOTED));
        // a hold keeps the floor or decays it like a scale-down, never below what the newest observed demand needs
        for (int i = 1; i < during.size(); i++) {
            int previous = during.get(i - 1).decision().desiredReplicas();
            int need = (int) Math.ceil(demand[during.get(i).minute() - 1] / C - 1e-9);
            assertThat(during.get(i).decision().desiredReplicas()).as("floor at %d", during.get(i).minute())
                    .isGreaterThanOrEqualTo(Math.min(previous, need)).isLessThanOrEqualTo(previous);
        }
        assertThat(pc.decisions()).filteredOn(t -> t.minute() >= d.toMinute())
                .allSatisfy(t -> assertThat(t.decision().holdReason()).isEmpty());
    }

    @Test
    void closesADemotionStillOpenAtTheEndAndNeverDemotesGoodForecastsOrWhenOff() {
        double[] demand = demand(6);
        int end = demand.length - 30;

        List<DemotionInterval> open = run(demand, track(demand, 5, 6), Optional.of(DemotionSettings.defaults()))
                .demotions(end);
        List<DemotionInterval> good = run(demand, track(demand, 0, 0), Optional.of(DemotionSettings.defaults()))
                .demotions(end);
        List<DemotionInterval> off = run(demand, track(demand, 5, 6), Optional.empty()).demotions(end);

        assertThat(open).singleElement().satisfies(d -> {
            assertThat(d.toMinute()).isEqualTo(end);
            assertThat(d.endReason()).isEqualTo(DemotionInterval.STILL_DEMOTED);
        });
        assertThat(good).isEmpty();
        assertThat(off).isEmpty();
    }
}
