package dev.prescient.common.accuracy;

import dev.prescient.common.forecast.Forecast;
import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.model.TargetKind;
import dev.prescient.common.model.TargetRef;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.series.TimeSeries;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class LiveAccuracyTest {

    private static final Instant AT = Instant.parse("2026-11-27T12:00:00Z");
    private static final Duration MIN = Duration.ofMinutes(1);

    private static WorkloadSpec spec(String name, Duration step) {
        return new WorkloadSpec(name, "shop", new TargetRef(TargetKind.Deployment, name), "q", 10, 0.7, 1, 10,
                Duration.ofDays(3), step, step.multipliedBy(30), Optional.empty(), ScalingMode.REPLICAS);
    }

    /** Two days of 100 per minute, but 110 over the last 10 minutes. */
    private static TimeSeries actuals() {
        double[] a = new double[2 * 1440];
        Arrays.fill(a, 100);
        Arrays.fill(a, a.length - 10, a.length, 110);
        return new TimeSeries(AT.minus(Duration.ofDays(2)), MIN, a);
    }

    /** p50 100 (off by 10 on each of the last 10 minutes, like the day-ago value: MASE 1), p90 105. */
    private static Forecast lastTenMinutes() {
        double[] p50 = new double[30];
        double[] p90 = new double[30];
        Arrays.fill(p50, 100);
        Arrays.fill(p90, 105);
        return new Forecast(AT.minus(Duration.ofMinutes(10)), MIN, p50, p90);
    }

    @Test
    void scoresEachWorkloadOnItsOwnAndKeepsTheLatestSnapshot() {
        LiveAccuracy live = new LiveAccuracy();
        WorkloadSpec api = spec("api", MIN);
        WorkloadSpec web = spec("web", MIN);
        live.record(api, lastTenMinutes());

        AccuracySnapshot s = live.score(api, actuals(), AT);
        live.score(web, actuals(), AT);

        assertThat(s.hour().points()).isEqualTo(10);
        assertThat(s.hour().mase()).isEqualTo(1.0);
        assertThat(s.hour().p90Coverage()).isZero();
        assertThat(live.latest("shop/api")).contains(s);
        assertThat(live.latest("shop/web").orElseThrow().day().points()).isZero();
        assertThat(live.latest("shop/other")).isEmpty();
    }

    @Test
    void startsOverWhenAWorkloadsStepChangesAndForgetsRemovedWorkloads() {
        LiveAccuracy live = new LiveAccuracy();
        live.record(spec("api", MIN), lastTenMinutes());
        live.record(spec("web", MIN), lastTenMinutes());

        AccuracySnapshot afterChange = live.score(spec("api", Duration.ofMinutes(5)),
                new TimeSeries(AT, Duration.ofMinutes(5), new double[0]), AT);
        live.retain(List.of("shop/api"));

        assertThat(afterChange.day().points()).isZero();
        assertThat(live.size()).isEqualTo(1);
        assertThat(live.latest("shop/web")).isEmpty();
    }

    @Test
    void restartDropsWhatWasRecordedAndScoredForTheWorkloadOnly() {
        LiveAccuracy live = new LiveAccuracy();
        WorkloadSpec api = spec("api", MIN);
        WorkloadSpec web = spec("web", MIN);
        live.record(api, lastTenMinutes());
        live.record(web, lastTenMinutes());
        live.score(api, actuals(), AT);

        live.restart(api);

        assertThat(live.latest("shop/api")).isEmpty();
        assertThat(live.score(api, actuals(), AT).day().points()).isZero();
        assertThat(live.score(web, actuals(), AT).day().points()).isEqualTo(10);
    }
}
