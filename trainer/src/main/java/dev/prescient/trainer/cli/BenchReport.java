package dev.prescient.trainer.cli;

import dev.prescient.common.forecast.eval.ForecasterScore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * What {@code forecast-bench} measured, as written to JSON and printed as a table.
 *
 * @param trace trace file
 * @param from time of the first step
 * @param to time just after the last step
 * @param step series step
 * @param steps steps in the series
 * @param gapSteps steps that are gaps
 * @param seasonSteps steps in one day
 * @param historySteps steps of history per origin
 * @param horizonSteps steps forecast per origin
 * @param originEvery steps between origins
 * @param refitEvery steps between refits
 * @param results one score per forecaster, in the order asked
 */
record BenchReport(String trace, Instant from, Instant to, Duration step, int steps, int gapSteps, int seasonSteps,
                   int historySteps, int horizonSteps, int originEvery, int refitEvery,
                   List<ForecasterScore> results) {

    private static final String HEADER = "%-16s %7s %6s %10s %8s %7s %8s %9s %9s %10s %10s%n";
    private static final String ROW = "%-16s %7d %6d %10.2f %8.2f %7.3f %8.1f %9.3f %9.3f %10.1f %10.1f%n";

    /** Aligned table, one row per forecaster. */
    String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, HEADER, "forecaster", "origins", "refits", "MAE", "sMAPE%", "MASE",
                "p90cov%", "fit_mean_s", "fit_max_s", "lat_p50_us", "lat_p99_us"));
        for (ForecasterScore s : results) {
            out.append(String.format(Locale.ROOT, ROW, s.type(), s.origins(), s.refits(), s.mae(), s.smapePercent(),
                    s.mase(), s.p90CoveragePercent(), s.fitSecondsMean(), s.fitSecondsMax(),
                    s.forecastMicrosP50(), s.forecastMicrosP99()));
        }
        return out.toString();
    }
}
