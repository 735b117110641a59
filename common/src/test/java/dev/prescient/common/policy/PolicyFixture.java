package dev.prescient.common.policy;

import dev.prescient.common.forecast.Forecast;
import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.model.TargetKind;
import dev.prescient.common.model.TargetRef;
import dev.prescient.common.model.WorkloadSpec;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Inputs of the policy tests: a workload of capacity 10 per pod (one floor pod per 10 units of planned demand; in
 * replicas mode a hold sizes at the workload's target 0.5, one pod per 5), forecasts of 30 one-minute steps starting
 * at the decision time, and learnt sizings. With the default settings and a 3-minute start-up delay, a decision at
 * 10:30 sizes the window 10:33–10:38 (forecast steps 3 to 7).
 */
final class PolicyFixture {

    static final Instant NOW = Instant.parse("2026-11-27T10:30:00Z");
    static final Duration MIN = Duration.ofMinutes(1);
    static final Duration D3 = Duration.ofMinutes(3);
    static final String VERSION = "v20261127-0412";
    static final int HORIZON = 30;

    private PolicyFixture() {
    }

    static WorkloadSpec spec(ScalingMode mode, int min, int max) {
        return new WorkloadSpec("api", "shop", new TargetRef(TargetKind.Deployment, "api"), "q", 10, 0.5, min, max,
                Duration.ofDays(3), MIN, Duration.ofMinutes(30), Optional.empty(), mode);
    }

    /** p50 and p90 per one-minute step from {@code now}. */
    static Forecast forecast(Instant now, double[] p50, double[] p90) {
        return new Forecast(now, MIN, p50, p90);
    }

    /** Steps 0–2 (before the window), 3–7 (the window at D = 3) and 8–29 (after it) at their own p50 / p90. */
    static Forecast profile(Instant now, double nearP50, double nearP90, double p50, double p90, double laterP50,
                            double laterP90) {
        double[] a = new double[HORIZON];
        double[] b = new double[HORIZON];
        for (int i = 0; i < HORIZON; i++) {
            a[i] = i < 3 ? nearP50 : i < 8 ? p50 : laterP50;
            b[i] = i < 3 ? nearP90 : i < 8 ? p90 : laterP90;
        }
        return forecast(now, a, b);
    }

    /** The same p50 and p90 at every step. */
    static Forecast flat(Instant now, double p50, double p90) {
        return profile(now, p50, p90, p50, p90, p50, p90);
    }

    /** A learnt sizing with a floor, the HPA under it at 0.5 / 5 min. */
    static Sizing sizing(Headroom headroom, int memoryDays, int holdMinutes) {
        return new Sizing(1.0, 5, 3, Optional.of(new Sizing.Floor(headroom, memoryDays, holdMinutes)),
                new Sizing.Reactive(0.5, 5), Sizing.Calibration.none());
    }

    static Sizing sizing(double headroom) {
        return sizing(Headroom.uniform(headroom), 0, 0);
    }

    /** A learnt sizing without floor: the forecast did not pay for itself. */
    static Sizing unfloored(double reactiveTarget) {
        return new Sizing(1.0, 5, 3, Optional.empty(), new Sizing.Reactive(reactiveTarget, 5),
                Sizing.Calibration.none());
    }

    /** A model's forecast generated 30 s before {@code now}, with its sizing. */
    static ForecastView view(Instant now, Forecast f, Sizing sizing) {
        return new ForecastView(f, now.minusSeconds(30), ForecastView.SOURCE_MODEL, VERSION, Optional.of(sizing));
    }
}
