package dev.prescient.trainer.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prescient.common.forecast.Forecast;
import dev.prescient.common.policy.Headroom;
import dev.prescient.common.policy.PolicySettings;
import dev.prescient.common.policy.Sizing;
import dev.prescient.common.series.TimeSeries;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import org.junit.jupiter.api.Test;

/**
 * The prescient row on a synthetic trace: a level that the forecast knows, and a 6-minute burst at 12:32 every
 * day that it does not. Only the seasonal memory of the learnt sizing, read back from the simulated demand, can see
 * the burst coming.
 */
class PrescientControllerTest {

    private static final Instant MINUTE_ZERO = Instant.parse("2024-03-01T00:00:00Z");
    private static final int DAYS = 5;
    private static final int T0 = 3 * 1440;
    private static final int BURST = 12 * 60 + 32;
    private static final double C = 100;

    /** Level {@code level(day)} all day, 4000 over 12:32–12:37. */
    private static double[] demand(double... levelPerDay) {
        double[] d = new double[DAYS * 1440];
        for (int t = 0; t < d.length; t++) {
            int m = t % 1440;
            d[t] = m >= BURST && m < BURST + 6 ? 4000 : levelPerDay[t / 1440];
        }
        return d;
    }

    /** A forecaster that knows the level exactly and never the burst: p50 = p90 = the level. */
    private static ForecastTrack levelOnly(double[] demand) {
        ForecastTrack track = new ForecastTrack("lstm");
        for (int origin = T0; origin < demand.length - 30; origin += 5) {
            double[] level = new double[30];
            for (int k = 0; k < 30; k++) {
                int m = origin + k;
                level[k] = (m % 1440) >= BURST && (m % 1440) < BURST + 6 ? demand[m - 10] : demand[m];
            }
            track.put(origin, new Forecast(MINUTE_ZERO.plus(Duration.ofMinutes(origin)), Duration.ofMinutes(1),
                    level, level));
        }
        return track;
    }

    private static PolicyResult run(double[] demand, Sizing sizing, List<TimedDecision> decisions) {
        Scenario scenario = new Scenario(C, 3, 1, T0, demand.length - 30);
        // a floor may jump straight to a remembered burst here: the shipped scale-up limit (max(100 %, 4 pods) per
        // decision) would let it reach 4× the level only one decision later
        PolicySettings unlimited = PolicySettings.defaults();
        unlimited = new PolicySettings(unlimited.decisionInterval(), unlimited.scaleDownStabilization(),
                unlimited.maxScaleDownStep(), 1000, 4, unlimited.maxForecastAge(), true, unlimited.memoryLevelWindow(),
                unlimited.maxForecastRatio());
        BacktestOptions options = new BacktestOptions(List.of("prescient"), 3, OptionalDouble.of(C),
                PrescientSetup.shipped().withDemotion(Optional.empty()).withPolicy(unlimited), 42);
        TimeSeries series = new TimeSeries(MINUTE_ZERO, Duration.ofMinutes(1), demand);
        PrescientController pc = Backtest.prescient(series, scenario, options, Map.of("lstm", levelOnly(demand)),
                Map.of(T0, sizing));
        PolicyResult r = new Simulator(demand, scenario).run(pc);
        decisions.addAll(pc.decisions());
        return r;
    }

    /** A learnt sizing: the forecast's p50 as it is, memory of {@code days} days, the HPA under it at 0.9 / 5 min. */
    private static Sizing sizing(int memoryDays) {
        return new Sizing(1.0, 5, 3, Optional.of(new Sizing.Floor(Headroom.uniform(0), memoryDays, 0)),
                new Sizing.Reactive(0.9, 5), Sizing.Calibration.none());
    }

    @Test
    void coversADailyBurstFromTheSeasonalMemoryBeforeItStarts() {
        double[] demand = demand(1000, 1000, 1000, 1000, 1000);
        PolicyResult withMemory = run(demand, sizing(3), new java.util.ArrayList<>());
        PolicyResult forecastOnly = run(demand, sizing(0), new java.util.ArrayList<>());
        assertThat(withMemory.underProvisionedPct()).isZero();
        // without memory the HPA under the floor sees each burst one minute late and its pods start 3 minutes later
        assertThat(forecastOnly.underProvisionedPct()).isGreaterThan(0);
        assertThat(forecastOnly.podMinutes()).isLessThan(withMemory.podMinutes());
    }

    @Test
    void aSizingWithoutFloorLeavesTheWorkloadToTheHpaItTunes() {
        double[] demand = demand(1000, 1000, 1000, 1000, 1000);
        List<TimedDecision> decisions = new java.util.ArrayList<>();
        Sizing none = new Sizing(1.0, 5, 3, Optional.empty(), new Sizing.Reactive(0.5, 5), Sizing.Calibration.none());
        PolicyResult r = run(demand, none, decisions);
        assertThat(decisions).allSatisfy(d -> assertThat(d.decision().desiredReplicas()).isEqualTo(1));
        assertThat(decisions.get(0).decision().reason()).contains("leaves scaling to the HPA");
        // the HPA at 0.5 keeps twice the level's pods: 1000 / (100 × 0.5) = 20 most of the day
        assertThat(r.podMinutes()).isGreaterThan(19L * (demand.length - 30 - T0));
    }

    @Test
    void scalesARememberedBurstDownWhenTodayRunsQuieterThanThatDay() {
        // the burst is 4000 on every day; the level before it was 2000 on the remembered days and is 1000 today
        double[] demand = demand(2000, 2000, 2000, 1000, 1000);
        List<TimedDecision> decisions = new java.util.ArrayList<>();
        run(demand, sizing(3), decisions);
        TimedDecision beforeBurst = decisions.stream()
                .filter(d -> d.minute() == T0 + 12 * 60 + 30).findFirst().orElseThrow();
        assertThat(beforeBurst.decision().reason()).contains("demand remembered from an earlier day 2000 over 12:33–12:38");
        assertThat(beforeBurst.decision().recommendedReplicas()).isEqualTo(20); // 4000 × 1000 / 2000 / 100
    }
}
