package dev.prescient.trainer.training;

import dev.prescient.common.forecast.artifact.ValidationMetrics;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The log line of one workload's training run, in logfmt ({@code key=value}, values with spaces,
 * quotes or {@code =} in double quotes with {@code \"} and {@code \\} escaped), so a log pipeline can
 * parse it, e.g.
 * {@code training workload=shop/api version=v20261127-041200-3fa9c2 outcome=promoted seconds=12.4 mase=0.553
 * production_mase=0.6 floor_headroom=0.8000 floor_memory_days=3 floor_hold_minutes=0 floor_min_spread_fraction=0.0210
 * reactive_target=0.75 reactive_window_minutes=5 calibration_u_pct=0.90 slo_pct=1.00 meets_slo=true reason="promoted: ..."}.
 * {@code version} is empty when nothing was stored.
 * Never holds secrets: it is built from the result only.
 */
public final class TrainingLog {

    private static final Logger LOG = Logger.getLogger(TrainingLog.class);

    private TrainingLog() {
    }

    /** Logs {@link #line} at INFO, WARN when the workload was locked, ERROR when it failed. */
    public static void log(WorkloadResult result) {
        Logger.Level level = switch (result.outcome()) {
            case WorkloadResult.PROMOTED, WorkloadResult.REFUSED -> Logger.Level.INFO;
            case WorkloadResult.LOCKED -> Logger.Level.WARN;
            default -> Logger.Level.ERROR;
        };
        LOG.log(level, line(result));
    }

    public static String line(WorkloadResult result) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("workload", result.workload());
        fields.put("version", result.version() == null ? "" : result.version());
        fields.put("outcome", result.outcome());
        fields.put("seconds", String.format(Locale.ROOT, "%.2f", result.seconds()));
        ValidationMetrics own = result.validation().get(TrainingJob.TYPE);
        if (own != null) {
            fields.put("mase", String.format(Locale.ROOT, "%.4f", own.mase()));
        }
        if (result.productionMase() != null) {
            fields.put("production_mase", String.format(Locale.ROOT, "%.4f", result.productionMase()));
        }
        sizing(result, fields);
        if (result.reason() != null) {
            fields.put("reason", result.reason());
        }
        if (result.lockHolder() != null) {
            fields.put("lock_holder", result.lockHolder());
        }
        if (result.error() != null) {
            fields.put("error", result.error());
        }
        StringBuilder line = new StringBuilder("training");
        fields.forEach((k, v) -> line.append(' ').append(k).append('=').append(quote(v)));
        return line.toString();
    }

    /**
     * The learnt sizing: {@code floor_headroom} (pooled), {@code floor_memory_days}, {@code floor_hold_minutes},
     * {@code floor_min_spread_fraction} or
     * {@code floor=none}; {@code reactive_target}, {@code reactive_window_minutes}; {@code calibration_u_pct},
     * {@code slo_pct}, {@code meets_slo}. Or {@code sizing_error} when none was learnt.
     */
    private static void sizing(WorkloadResult result, Map<String, String> fields) {
        SizingSummary s = result.sizing();
        if (s != null) {
            if (s.floor() == null) {
                fields.put("floor", "none");
            } else {
                fields.put("floor_headroom", String.format(Locale.ROOT, "%.4f", s.floor().headroomPooled()));
                fields.put("floor_memory_days", Integer.toString(s.floor().memoryDays()));
                fields.put("floor_hold_minutes", Integer.toString(s.floor().holdMinutes()));
                fields.put("floor_min_spread_fraction", String.format(Locale.ROOT, "%.4f",
                        s.floor().minSpreadFraction()));
            }
            fields.put("reactive_target", String.format(Locale.ROOT, "%.2f", s.reactive().targetUtilization()));
            fields.put("reactive_window_minutes", Integer.toString(s.reactive().scaleDownWindowMinutes()));
            fields.put("calibration_u_pct", String.format(Locale.ROOT, "%.2f", s.calibrationUnderPct()));
            fields.put("slo_pct", String.format(Locale.ROOT, "%.2f", s.sloPct()));
            fields.put("meets_slo", Boolean.toString(s.meetsSlo()));
        }
        if (result.sizingError() != null) {
            fields.put("sizing_error", result.sizingError());
        }
    }

    static String quote(String value) {
        if (!value.isEmpty() && value.chars().noneMatch(c -> c <= ' ' || c == '"' || c == '=' || c == '\\')) {
            return value;
        }
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
