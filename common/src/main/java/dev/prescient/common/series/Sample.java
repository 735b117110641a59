package dev.prescient.common.series;

import java.time.Instant;

/** One raw observation before it is put on an even grid. */
public record Sample(Instant time, double value) {
}
