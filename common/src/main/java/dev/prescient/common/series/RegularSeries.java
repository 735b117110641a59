package dev.prescient.common.series;

/** An evenly stepped series together with what it took to build it. */
public record RegularSeries(TimeSeries series, SeriesQuality quality) {
}
