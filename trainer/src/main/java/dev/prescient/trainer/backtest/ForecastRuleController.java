package dev.prescient.trainer.backtest;

import dev.prescient.common.forecast.Forecast;

import java.util.Optional;

/**
 * The original proof of concept's controller, applied to any forecaster: every {@code interval}
 * minutes, clamp(ceil(max of the p50 forecast over the horizon / C), min, max); no stabilisation.
 * Between decisions, and when a forecast is missing, it keeps its last answer.
 */
public final class ForecastRuleController implements Controller {

    private final String name;
    private final ForecastTrack track;
    private final double capacityPerPod;
    private final int interval;
    private final int firstMinute;
    private final int min;
    private final int max;
    private int last = -1;

    public ForecastRuleController(String name, ForecastTrack track, double capacityPerPod, int interval,
                                  int firstMinute, int min, int max) {
        this.name = name;
        this.track = track;
        this.capacityPerPod = capacityPerPod;
        this.interval = interval;
        this.firstMinute = firstMinute;
        this.min = min;
        this.max = max;
    }

    /** The tutorial's rule: every 5 minutes, clamp to [2, 100]. */
    public static ForecastRuleController seedRule(String name, ForecastTrack track, double capacityPerPod,
                                                  int firstMinute) {
        return new ForecastRuleController(name, track, capacityPerPod, 5, firstMinute, 2, 100);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int desired(SimView view) {
        int t = view.minute();
        if (last < 0) {
            last = view.total();
        }
        if ((t - firstMinute) % interval == 0) {
            Optional<Forecast> f = track.at(t);
            if (f.isPresent()) {
                double peak = 0;
                for (int i = 0; i < f.get().horizon(); i++) {
                    peak = Math.max(peak, f.get().p50At(i));
                }
                int pods = (int) Math.ceil(peak / capacityPerPod - 1e-9);
                last = Math.max(min, Math.min(max, pods));
            }
        }
        return last;
    }
}
