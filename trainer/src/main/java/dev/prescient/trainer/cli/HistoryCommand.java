package dev.prescient.trainer.cli;

import dev.prescient.common.config.DurationParser;
import dev.prescient.common.series.GapPolicy;
import dev.prescient.common.series.HistoryException;
import dev.prescient.common.series.RegularSeries;
import dev.prescient.common.series.SeriesQuality;
import dev.prescient.common.series.TimeSeries;
import dev.prescient.common.series.trace.TraceHistorySource;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Reads a trace through the history pipeline and summarises the series a forecaster would see. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Read a trace file through the history pipeline (resampling, gap rules) and summarise it.")
public class HistoryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--trace", required = true, description = "CSV file with header timestamp,value.")
    Path trace;

    @Option(names = "--step", defaultValue = "1m", description = "Step to resample to (default ${DEFAULT-VALUE}).")
    String step;

    @Option(names = "--max-gap", defaultValue = "5m",
            description = "Longest run of missing time filled by interpolation (default ${DEFAULT-VALUE}).")
    String maxGap;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Duration stepDuration;
        Duration gap;
        try {
            stepDuration = DurationParser.parse(step);
            gap = DurationParser.parse(maxGap);
        } catch (IllegalArgumentException e) {
            err.println("history: " + e.getMessage());
            return 2;
        }
        try {
            TraceHistorySource source = new TraceHistorySource(trace, new GapPolicy(gap));
            RegularSeries regular = source.readAll(stepDuration);
            print(out, source, regular);
            return 0;
        } catch (HistoryException e) {
            err.println("history: " + e.getMessage());
            return 1;
        }
    }

    private static void print(PrintWriter out, TraceHistorySource source, RegularSeries regular) {
        TimeSeries s = regular.series();
        SeriesQuality q = regular.quality();
        double[] present = Arrays.stream(s.values()).filter(v -> !Double.isNaN(v)).toArray();
        out.printf(Locale.ROOT, "trace        %s%n", source.file());
        out.printf(Locale.ROOT, "native step  %s, %d samples%n", DurationParser.format(source.nativeStep()),
                source.sampleCount());
        out.printf(Locale.ROOT, "series       %s .. %s at %s: %d points%n", s.start(), s.end(),
                DurationParser.format(s.step()), s.size());
        out.printf(Locale.ROOT, "values       min %.2f  mean %.2f  max %.2f%n",
                Arrays.stream(present).min().orElse(Double.NaN), Arrays.stream(present).average().orElse(Double.NaN),
                Arrays.stream(present).max().orElse(Double.NaN));
        out.printf(Locale.ROOT, "cleaning     %d non-finite dropped, %d steps interpolated, %d steps left as gaps%n",
                q.droppedNonFinite(), q.interpolatedSteps(), q.gapSteps());
        source.notes().forEach(note -> out.printf(Locale.ROOT, "file         %s%n", note));
    }
}
