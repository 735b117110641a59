package dev.prescient.common.series.trace;

import dev.prescient.common.series.GapPolicy;
import dev.prescient.common.series.HistoryException;
import dev.prescient.common.series.HistoryQuery;
import dev.prescient.common.series.HistorySource;
import dev.prescient.common.series.RegularSeries;
import dev.prescient.common.series.Sample;
import dev.prescient.common.series.SeriesQuality;
import dev.prescient.common.series.SeriesRegularizer;
import dev.prescient.common.series.TimeSeries;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * History read from a trace file (CSV {@code timestamp,value}, see {@link TraceParser} for the
 * rules) instead of Prometheus, for benchmarks, the backtest and the demo. The file is read and
 * checked once, at construction; its native step is the median spacing of its rows.
 *
 * <p>Samples are put on the requested grid by {@link SeriesRegularizer} with the file's native step,
 * so a coarser file is interpolated and a finer one averaged per step; gaps follow the
 * {@link GapPolicy}. Values are taken as they are in the file (counts per native step stay counts
 * per native step). {@link #fetch} uses only samples before the end of the range: samples before
 * its start may fill its first steps, but steps after the last sample in the range stay gaps.
 */
public final class TraceHistorySource implements HistorySource {

    private static final Logger LOG = Logger.getLogger(TraceHistorySource.class);

    private final Path file;
    private final GapPolicy gaps;
    private final ParsedTrace trace;

    /**
     * @throws HistoryException (not transient) naming the file and line when it cannot be read
     */
    public TraceHistorySource(Path file, GapPolicy gaps) {
        this.file = file;
        this.gaps = gaps;
        this.trace = TraceParser.parse(file);
        trace.notes().forEach(note -> LOG.warnf("trace file %s: %s", file, note));
    }

    /**
     * What was done to read the file as it came — rows without a value read as gaps, rows sorted by time, repeated
     * timestamps averaged — each naming the first line concerned (also logged as a warning); empty for a clean file.
     */
    public List<String> notes() {
        return trace.notes();
    }

    public Path file() {
        return file;
    }

    /** The median spacing of the file's rows. */
    public Duration nativeStep() {
        return trace.nativeStep();
    }

    public Instant firstTimestamp() {
        return trace.first();
    }

    public Instant lastTimestamp() {
        return trace.last();
    }

    /** Number of data rows. */
    public int sampleCount() {
        return trace.size();
    }

    /** The whole file on a grid of {@code step} starting at its first timestamp and covering its last. */
    public RegularSeries readAll(Duration step) {
        requirePositive(step);
        Instant start = trace.first();
        long steps = Math.floorDiv(Duration.between(start, trace.last()).toMillis(), step.toMillis()) + 1;
        return SeriesRegularizer.regularize(trace.samples(0, trace.size()), start,
                start.plus(step.multipliedBy(steps)), step, trace.nativeStep(), gaps);
    }

    /**
     * The range {@code [from, to)} of the query at its step; the expression is ignored.
     *
     * @throws HistoryException (not transient) when the range lies wholly outside the file
     */
    @Override
    public RegularSeries fetch(HistoryQuery query) {
        Instant coveredEnd = trace.last().plus(trace.nativeStep());
        if (!query.to().isAfter(trace.first()) || !query.from().isBefore(coveredEnd)) {
            throw new HistoryException("cannot fetch " + query + " from trace file " + file + ": it covers ["
                    + trace.first() + ", " + coveredEnd + "); ask for a range that overlaps it", false);
        }
        Duration step = query.step();
        long lead = leadSteps(step);
        Instant gridStart = query.from().minus(step.multipliedBy(lead));
        int a = trace.indexAtOrAfter(gridStart);
        int b = trace.indexAtOrAfter(query.to());
        RegularSeries wide = SeriesRegularizer.regularize(trace.samples(a, b), gridStart, query.to(), step,
                trace.nativeStep(), gaps);
        TimeSeries series = wide.series().slice((int) lead, wide.series().size());
        return new RegularSeries(series, quality(trace.samples(trace.indexAtOrAfter(query.from()), b), series));
    }

    /**
     * Steps before the range whose samples may still fill its first steps: the regularizer fills a run
     * between two samples at most {@code max(step, native) + maxInterpolatedGap} apart.
     */
    private long leadSteps(Duration step) {
        long reach = Math.max(step.toMillis(), trace.nativeStep().toMillis()) + gaps.maxInterpolatedGap().toMillis();
        return -Math.floorDiv(-reach, step.toMillis());
    }

    /** What it took to build {@code series} from the samples that fall inside it. */
    private static SeriesQuality quality(List<Sample> inRange, TimeSeries series) {
        int occupied = 0;
        long previous = -1;
        for (Sample s : inRange) {
            long k = series.indexOf(s.time());
            if (k != previous) {
                occupied++;
                previous = k;
            }
        }
        int gapSteps = series.gapCount();
        return new SeriesQuality(inRange.size(), 0, 0, series.size() - gapSteps - occupied, gapSteps);
    }

    private static void requirePositive(Duration step) {
        if (step.isZero() || step.isNegative()) {
            throw new IllegalArgumentException("step must be positive, got " + step);
        }
    }

    @Override
    public String toString() {
        return "TraceHistorySource[" + file + ", native step " + trace.nativeStep() + ", " + trace.size() + " rows]";
    }
}
