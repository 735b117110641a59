package dev.prescient.predictor.serving;

import dev.prescient.common.forecast.FittedModel;
import dev.prescient.common.forecast.Forecast;
import dev.prescient.common.series.TimeSeries;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

/** A model forecasting {@code level} (p90 = 1.5 x level) at every step; {@code level} may be NaN or negative. */
class ConstantModel implements FittedModel {

    final double level;
    final AtomicBoolean closed = new AtomicBoolean();

    ConstantModel(double level) {
        this.level = level;
    }

    @Override
    public String type() {
        return "fake";
    }

    @Override
    public int requiredHistorySteps() {
        return 1;
    }

    @Override
    public Forecast forecast(TimeSeries recent, int horizonSteps) {
        double[] p50 = new double[horizonSteps];
        Arrays.fill(p50, level);
        double[] p90 = Arrays.stream(p50).map(v -> v * 1.5).toArray();
        return new Forecast(recent.end(), recent.step(), p50, p90);
    }

    @Override
    public void close() {
        closed.set(true);
    }
}
