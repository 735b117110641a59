package dev.prescient.common.series.trace;

import dev.prescient.common.series.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;

/**
 * The rows of a trace file, strictly increasing in time, all values finite and non-negative.
 *
 * @param times sample times in epoch milliseconds
 * @param values sample values, one per time
 * @param nativeStep the median spacing of consecutive samples
 * @param notes what the parser did to read the file as it came (rows without a value read as gaps, rows sorted,
 *     repeated timestamps averaged), each naming the first line concerned; empty for a clean file
 */
record ParsedTrace(long[] times, double[] values, Duration nativeStep, List<String> notes) {

    int size() {
        return times.length;
    }

    Instant first() {
        return Instant.ofEpochMilli(times[0]);
    }

    Instant last() {
        return Instant.ofEpochMilli(times[times.length - 1]);
    }

    /** Index of the first sample at or after {@code t}. */
    int indexAtOrAfter(Instant t) {
        int i = Arrays.binarySearch(times, t.toEpochMilli());
        return i >= 0 ? i : -i - 1;
    }

    /** The samples with index in [from, to) as a list view, without copying. */
    List<Sample> samples(int from, int to) {
        return new AbstractList<>() {
            @Override
            public Sample get(int i) {
                return new Sample(Instant.ofEpochMilli(times[from + i]), values[from + i]);
            }

            @Override
            public int size() {
                return to - from;
            }
        };
    }
}
