package dev.prescient.common.forecast.lstm;

/** Network output for one origin, in scaled units: p50 and p90 for every horizon step. */
record RawQuantiles(float[] p50, float[] p90) {
}
