package dev.prescient.predictor.api;

import dev.prescient.common.config.DurationParser;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.series.TimeSeries;
import dev.prescient.predictor.serving.ForecastService;
import dev.prescient.common.config.WorkloadCatalog;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns request parameters into a workload, a horizon in steps and a series, or an
 * {@link ApiException} naming the parameter: 400 for a malformed value, 404 for an unknown workload.
 */
public final class RequestParser {

    /** Most history values one POST may carry: two weeks at one value a second's worth of minutes. */
    public static final int MAX_VALUES = 100_000;
    private static final int MAX_ECHO = 80;
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private final WorkloadCatalog workloads;
    private final Optional<Duration> defaultHorizon;

    public RequestParser(WorkloadCatalog workloads, Optional<Duration> defaultHorizon) {
        this.workloads = workloads;
        this.defaultHorizon = defaultHorizon;
    }

    /** The configured workload {@code key} names. */
    public WorkloadSpec workload(String key) {
        if (key == null || key.isBlank()) {
            throw ApiException.badParameter("workload", "is required; pass workload=<namespace>/<name>, one of "
                    + String.join(", ", workloads.keys()));
        }
        int slash = key.indexOf('/');
        if (slash < 0 || !LABEL.matcher(key.substring(0, slash)).matches()
                || !LABEL.matcher(key.substring(slash + 1)).matches()) {
            throw ApiException.badParameter("workload", "'" + echo(key) + "' is not <namespace>/<name> (lower-case "
                    + "DNS labels); known workloads: " + String.join(", ", workloads.keys()));
        }
        return workloads.find(key).orElseThrow(() -> new ApiException(404, ApiException.UNKNOWN_WORKLOAD,
                "no workload '" + key + "' is configured; known workloads: " + String.join(", ", workloads.keys())));
    }

    /** Steps in {@code horizon} (text such as {@code 30m}); the default horizon when it is absent. */
    public int horizonSteps(WorkloadSpec spec, String horizon) {
        if (horizon == null) {
            return Math.max(1, ForecastService.defaultHorizonSteps(spec, defaultHorizon));
        }
        Duration max = spec.horizon();
        Duration wanted;
        try {
            wanted = DurationParser.parse(horizon);
        } catch (IllegalArgumentException e) {
            throw ApiException.badParameter("horizon", "cannot read '" + echo(horizon) + "' as a duration; use "
                    + DurationParser.ACCEPTED_FORMS);
        }
        if (wanted.isZero() || wanted.isNegative() || wanted.compareTo(max) > 0) {
            throw ApiException.badParameter("horizon", "must lie in (0, " + DurationParser.format(max) + "] for "
                    + spec.key() + " (its configured horizon), got " + echo(horizon));
        }
        long stepMs = spec.step().toMillis();
        if (wanted.toMillis() % stepMs != 0) {
            throw ApiException.badParameter("horizon", "must be a whole number of the workload's step "
                    + DurationParser.format(spec.step()) + ", got " + echo(horizon));
        }
        return (int) (wanted.toMillis() / stepMs);
    }

    /** The series a POST carries, checked against the workload's step, with room for the horizon after it. */
    public TimeSeries history(WorkloadSpec spec, ForecastRequest.History history, int horizonSteps) {
        if (history == null) {
            throw ApiException.badParameter("history", "is required: {\"start\": ISO-8601, \"stepSeconds\": "
                    + spec.step().toSeconds() + ", \"values\": [...]}");
        }
        if (history.start() == null) {
            throw ApiException.badParameter("history.start", "is required, an ISO-8601 instant such as "
                    + "2026-11-26T10:00:00Z");
        }
        if (history.stepSeconds() == null || history.stepSeconds() != spec.step().toSeconds()) {
            throw ApiException.badParameter("history.stepSeconds", "must equal the step of " + spec.key() + ", "
                    + spec.step().toSeconds() + ", got " + history.stepSeconds());
        }
        double[] series = history.values();
        if (series == null || series.length == 0 || series.length > MAX_VALUES) {
            throw ApiException.badParameter("history.values", "must hold 1 to " + MAX_VALUES + " values, got "
                    + (series == null ? "none" : series.length));
        }
        for (int i = 0; i < series.length; i++) {
            double v = series[i];
            // NaN is a gap (a JSON null): the reader never makes NaN from a number
            if (Double.isInfinite(v) || v < 0) {
                throw ApiException.badParameter("history.values[" + i + "]", "must be a finite rate >= 0 or null "
                        + "for a gap, got " + v);
            }
        }
        try {
            TimeSeries result = new TimeSeries(history.start(), spec.step(), series);
            result.timeAt(result.size() + horizonSteps);
            return result;
        } catch (ArithmeticException | java.time.DateTimeException e) {
            throw ApiException.badParameter("history.start", "the series from " + history.start()
                    + " runs outside the representable time range");
        }
    }

    static String echo(String text) {
        if (text == null) {
            return "(none)";
        }
        String shown = text.length() > MAX_ECHO ? text.substring(0, MAX_ECHO) + "..." : text;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
