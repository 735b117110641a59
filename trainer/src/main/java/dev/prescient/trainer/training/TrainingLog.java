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
 * production_mase=0.6 reason="promoted: ..."}. {@code version} is empty when nothing was stored.
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
