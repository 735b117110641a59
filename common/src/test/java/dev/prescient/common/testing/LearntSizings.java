package dev.prescient.common.testing;

import dev.prescient.common.policy.Headroom;
import dev.prescient.common.policy.Sizing;
import java.util.Map;
import java.util.Optional;

/** Sizings as the trainer learns them, for registry, gate and CLI tests. */
public final class LearntSizings {

    private LearntSizings() {
    }

    /**
     * A floor with a pooled headroom of 0.8 and its own 2.4 at minutes :30–:34 of the hour, 3 days of memory, no hold,
     * an HPA at 0.75 with a 5-minute window under it; its calibration measured {@code underPct} % of 1440 minutes
     * short against an SLO of {@code sloPct}, so it meets the SLO exactly when {@code underPct <= sloPct}.
     */
    public static Sizing phasedFloor(double sloPct, double underPct) {
        Headroom headroom = new Headroom(0.8, 60, 5, Map.of(6, 2.4));
        return new Sizing(sloPct, 5, 3, Optional.of(new Sizing.Floor(headroom, 3, 0)), new Sizing.Reactive(0.75, 5),
                calibration(sloPct, underPct));
    }

    /** No floor: the HPA alone, at 0.6 with a 1-minute window; calibrated like {@link #phasedFloor}. */
    public static Sizing reactiveOnly(double sloPct, double underPct) {
        return new Sizing(sloPct, 5, 3, Optional.empty(), new Sizing.Reactive(0.6, 1), calibration(sloPct, underPct));
    }

    private static Sizing.Calibration calibration(double sloPct, double underPct) {
        return new Sizing.Calibration(1440, underPct, 0.97, 120, 140, 602, underPct <= sloPct);
    }
}
