package dev.prescient.common.series.prometheus;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/** Builds query_range answers as Prometheus writes them, for WireMock stubs. */
final class MatrixJson {

    private MatrixJson() {
    }

    /** A success answer holding the given series ({@link #series} strings). */
    static String matrix(String... series) {
        return "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[" + String.join(",", series)
                + "]}}";
    }

    static String error(String errorType, String error) {
        return "{\"status\":\"error\",\"errorType\":\"" + errorType + "\",\"error\":\"" + error + "\"}";
    }

    /**
     * One series with value {@code values[i]} at {@code start + i * step}; a null value leaves the
     * step out, as Prometheus does where the expression has no result.
     */
    static String series(Map<String, String> labels, Instant start, Duration step, String... values) {
        StringJoiner pairs = new StringJoiner(",", "[", "]");
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                long millis = start.plus(step.multipliedBy(i)).toEpochMilli();
                pairs.add("[" + millis / 1000.0 + ",\"" + values[i] + "\"]");
            }
        }
        StringJoiner metric = new StringJoiner(",", "{", "}");
        new TreeMap<>(labels).forEach((k, v) -> metric.add("\"" + k + "\":\"" + v + "\""));
        return "{\"metric\":" + metric + ",\"values\":" + pairs + "}";
    }

    /** Values {@code first}, {@code first + 1}, ... as strings. */
    static String[] counting(int first, int count) {
        String[] values = new String[count];
        for (int i = 0; i < count; i++) {
            values[i] = Integer.toString(first + i);
        }
        return values;
    }
}
