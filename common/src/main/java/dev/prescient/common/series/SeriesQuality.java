package dev.prescient.common.series;

/**
 * What was done to raw samples to put them on an even grid, so callers can log and count it.
 *
 * @param rawSamples samples received
 * @param droppedNonFinite samples dropped because they were NaN or infinite
 * @param droppedOutOfRange samples dropped because they fell outside the requested range
 * @param interpolatedSteps empty steps filled by linear interpolation
 * @param gapSteps empty steps left as gaps (NaN)
 */
public record SeriesQuality(int rawSamples, int droppedNonFinite, int droppedOutOfRange,
                            int interpolatedSteps, int gapSteps) {
}
