package dev.prescient.trainer.sizing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prescient.common.forecast.Forecast;
import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.model.Slo;
import dev.prescient.common.model.TargetKind;
import dev.prescient.common.model.TargetRef;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.PolicySettings;
import dev.prescient.common.policy.Sizing;
import dev.prescient.common.series.TimeSeries;
import dev.prescient.trainer.backtest.PolicyResult;
import dev.prescient.trainer.backtest.Signal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.random.MersenneTwister;
import org.junit.jupiter.api.Test;

/**
 * The SLO judged on the demand the pods serve ({@code slo.demandQuery}) where the workload's query smooths it: a
 * five-minute rate of a demand with two-minute spikes. Four days, the last the calibration span; C = 100 per pod,
 * D = 3 minutes, hpa-floor in [1, 100], shipped policy settings. Every figure is checked with an independent replay
 * in which the policy and the HPA see the smoothed signal and the cluster serves the spiky demand.
 */
class ServedDemandTest {

    private static final Instant MINUTE_ZERO = Instant.parse("2024-03-04T00:00:00Z");
    private static final Duration MIN = Duration.ofMinutes(1);
    private static final Duration D = Duration.ofMinutes(3);
    private static final int DAYS = 4;
    private static final int SPAN = 1440;
    private static final int SPAN_START = DAYS * 1440 - SPAN;
    private static final double C = 100;
    private static final PolicySettings SETTINGS = PolicySettings.defaults();
    private static final WorkloadSpec SPEC = new WorkloadSpec("api", "shop", new TargetRef(TargetKind.Deployment,
            "api"), "q", C, 0.7, 1, 100, Duration.ofDays(3), MIN, Duration.ofMinutes(30), Optional.of(D),
            ScalingMode.HPA_FLOOR).withSlo(new Slo(1.0, Optional.of("sum(rate(requests_total[1m]))")));

    /** The mean the demand is drawn around: a daily sine of mean 1000 and amplitude 600. */
    private static double sine(int t) {
        return 1000 + 600 * Math.sin(2 * Math.PI * t / 1440.0);
    }

    /** Poisson demand around the sine, twice as high for two minutes in every 23: what the pods serve. */
    private static final double[] SERVED = served();
    /** Its trailing five-minute mean, as {@code rate(x[5m])} returns it: what the query shows. */
    private static final double[] SIGNAL = Signal.parse("rate:5m").of(SERVED);
    /** A forecast of the signal from every decision of the span that knows the sine (the spikes are smoothed). */
    private static final List<Forecast> FORECASTS = forecasts();

    private static double[] served() {
        MersenneTwister rng = new MersenneTwister(5);
        double[] v = new double[DAYS * 1440];
        for (int t = 0; t < v.length; t++) {
            double mean = sine(t) * (t % 23 < 2 ? 2 : 1);
            v[t] = new PoissonDistribution(rng, mean, 1e-12, 10_000_000).sample();
        }
        return v;
    }

    private static List<Forecast> forecasts() {
        List<Forecast> out = new ArrayList<>();
        for (int o = SPAN_START; o < SERVED.length; o += 5) {
            double[] p50 = new double[30];
            double[] p90 = new double[30];
            for (int i = 0; i < 30; i++) {
                p50[i] = sine(o + i) * (1 + 2.0 / 23);
                p90[i] = p50[i] + 1.2816 * Math.sqrt(p50[i]);
            }
            out.add(new Forecast(MINUTE_ZERO.plus(Duration.ofMinutes(o)), MIN, p50, p90));
        }
        return out;
    }

    private static TimeSeries series(double[] v) {
        return new TimeSeries(MINUTE_ZERO, MIN, v);
    }

    private static Sizing learnJudgedOn(double[] judged) {
        TimeSeries signal = series(SIGNAL);
        return new SizingLearner(SETTINGS).learn(signal, FORECASTS, SPEC, D, SPAN, signal, series(judged));
    }

    /** The sizing replayed over the span: the policy and the HPA see the signal, the cluster serves the demand. */
    private static PolicyResult replay(Sizing sizing) {
        return SpanReplay.replay(series(SIGNAL), SERVED, FORECASTS, SPEC, sizing, SETTINGS, D, SPAN_START);
    }

    @Test
    void meetsTheSloOnTheServedDemandWhereJudgingTheSmoothedSignalMissesIt() {
        Sizing onServed = learnJudgedOn(SERVED);
        Sizing onSignal = learnJudgedOn(SIGNAL);
        PolicyResult servedReplay = replay(onServed);
        PolicyResult signalReplay = replay(onSignal);
        System.out.printf("judged on the served demand: U %.3f %% (calibration %.3f %%), %d pod-minutes; on the "
                        + "signal: U %.3f %% on the served demand (calibration %.3f %% on the signal), %d pod-minutes%n",
                servedReplay.underProvisionedPct(), onServed.calibration().underProvisionedPct(),
                servedReplay.podMinutes(), signalReplay.underProvisionedPct(),
                onSignal.calibration().underProvisionedPct(), signalReplay.podMinutes());

        assertThat(onServed.calibration().underProvisionedPct())
                .as("the calibration counts short minutes on the served demand, as the replay does")
                .isEqualTo(servedReplay.underProvisionedPct());
        assertThat(servedReplay.underProvisionedPct()).isLessThanOrEqualTo(1.0);
        assertThat(onServed.calibration().meetsSlo()).isTrue();
        assertThat(signalReplay.underProvisionedPct())
                .as("judged on the signal, the two-minute spikes it smooths are short far more often than the SLO")
                .isGreaterThan(1.5);
        assertThat(servedReplay.podMinutes()).as("covering the spikes costs pods")
                .isGreaterThan(signalReplay.podMinutes());
    }

    @Test
    void refusesAServedDemandThatDoesNotCoverTheHistoryRead() {
        TimeSeries signal = series(SIGNAL);
        TimeSeries shorter = series(SERVED).slice(60, SERVED.length);
        assertThatThrownBy(() -> new SizingLearner(SETTINGS).learn(signal, FORECASTS, SPEC, D, SPAN, signal, shorter))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the demand the SLO is judged on must cover the history read, minute for minute: got "
                        + (SERVED.length - 60) + " points from 2024-03-04T01:00:00Z against " + SERVED.length
                        + " from 2024-03-04T00:00:00Z");
    }
}
