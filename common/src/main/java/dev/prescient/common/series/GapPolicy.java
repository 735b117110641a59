package dev.prescient.common.series;

import java.time.Duration;

/**
 * How missing steps are treated when raw samples are put on an even grid: a run of missing steps
 * no longer than {@code maxInterpolatedGap} is filled by linear interpolation between its
 * neighbours; a longer run stays a gap (NaN) that downstream code can see.
 */
public record GapPolicy(Duration maxInterpolatedGap) {

    public static final Duration DEFAULT_MAX_INTERPOLATED_GAP = Duration.ofMinutes(5);

    public GapPolicy {
        if (maxInterpolatedGap == null || maxInterpolatedGap.isNegative()) {
            throw new IllegalArgumentException("maxInterpolatedGap must be zero or positive, got " + maxInterpolatedGap);
        }
    }

    public static GapPolicy defaults() {
        return new GapPolicy(DEFAULT_MAX_INTERPOLATED_GAP);
    }
}
