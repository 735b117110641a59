package dev.prescient.common.testing;

import dev.prescient.common.series.Sample;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Writes samples as an OpenMetrics text file that {@code promtool tsdb create-blocks-from openmetrics} reads. */
public final class OpenMetrics {

    private OpenMetrics() {
    }

    /**
     * A counter family {@code name}; its samples are stored as {@code name_total{labels}}.
     * Timestamps are Unix seconds with millisecond decimals; samples must be in time order.
     */
    public static String counter(String name, Map<String, String> labels, List<Sample> samples) {
        String labelText = labels.isEmpty() ? "" : new TreeMap<>(labels).entrySet().stream()
                .map(e -> e.getKey() + "=\"" + e.getValue() + "\"")
                .collect(Collectors.joining(",", "{", "}"));
        StringBuilder text = new StringBuilder(samples.size() * 48);
        text.append("# TYPE ").append(name).append(" counter\n");
        text.append("# HELP ").append(name).append(" Requests counted from a trace.\n");
        for (Sample sample : samples) {
            text.append(name).append("_total").append(labelText).append(' ')
                    .append(BigDecimal.valueOf(sample.value()).toPlainString()).append(' ')
                    .append(BigDecimal.valueOf(sample.time().toEpochMilli(), 3).toPlainString()).append('\n');
        }
        return text.append("# EOF\n").toString();
    }
}
