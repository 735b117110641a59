package dev.prescient.trainer.backtest;

import dev.prescient.common.series.TimeSeries;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * Steady growth laid over a trace before the backtest sees it: each value is multiplied by a factor that rises
 * linearly in time from 1 at the first point to {@code factor} at the last (below 1, a steady decline). A workload
 * whose traffic grows week on week trains every day on a history below what it will serve next.
 *
 * @param factor the multiplier reached at the last point, positive and finite
 */
public record GrowthRamp(double factor) {

    public GrowthRamp {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("--grow-to must be a positive number (2: traffic doubles over the "
                    + "trace, 0.5: it halves), got " + factor);
        }
    }

    /** {@code series} with the ramp applied; gaps stay gaps. */
    public TimeSeries apply(TimeSeries series) {
        double[] v = series.values();
        int last = v.length - 1;
        for (int i = 1; i <= last; i++) {
            v[i] *= 1 + (factor - 1) * i / last;
        }
        return new TimeSeries(series.start(), series.step(), v);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "demand grown linearly ×1 → ×%s over the trace",
                new BigDecimal(Double.toString(factor)).stripTrailingZeros().toPlainString());
    }
}
