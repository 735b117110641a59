package dev.prescient.common.forecast.lstm;

/**
 * Network input for one forecast origin, flattened as {@link FeatureLayout} describes.
 *
 * @param sequence {@code window x stepFeatures}, row-major
 * @param dense {@code denseFeatures}
 * @param base scaled level the network's p50 is relative to
 */
record WindowInput(float[] sequence, float[] dense, float base) {
}
