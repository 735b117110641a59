package dev.prescient.common.series.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prescient.common.series.Sample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The series of all chunks of one history query, merged by label set, and the counts of what
 * was received. Does no I/O.
 */
final class CollectedSeries {

    private static final int MAX_LISTED_LABEL_SETS = 10;

    private final Map<Map<String, String>, List<Sample>> byLabels = new LinkedHashMap<>();
    private int received;
    private int nonFinite;

    /** Adds the series of one chunk's answer. */
    void add(QueryRangeResponse response) {
        for (QueryRangeResponse.RangeSeries series : response.series()) {
            Map<String, String> labels = series.metric() == null ? Map.of() : Map.copyOf(series.metric());
            List<Sample> samples = byLabels.computeIfAbsent(labels, k -> new ArrayList<>());
            for (JsonNode pair : series.values() == null ? List.<JsonNode>of() : series.values()) {
                Sample sample = PromSampleParser.parse(pair);
                received++;
                if (!Double.isFinite(sample.value())) {
                    nonFinite++;
                }
                samples.add(sample);
            }
        }
    }

    boolean isEmpty() {
        return byLabels.isEmpty();
    }

    int seriesCount() {
        return byLabels.size();
    }

    /** Samples received over all series and chunks, finite or not. */
    int received() {
        return received;
    }

    /** Received samples that were NaN or infinite. */
    int nonFinite() {
        return nonFinite;
    }

    /**
     * The samples of the single series, or the step-by-step sum of all series. A sum at a time
     * where any series is NaN or infinite is itself not finite, so the regularizer drops it
     * rather than report a partial sum that looks like a fall in traffic.
     */
    List<Sample> sum() {
        if (byLabels.size() == 1) {
            return byLabels.values().iterator().next();
        }
        TreeMap<Instant, Double> sums = new TreeMap<>();
        for (List<Sample> samples : byLabels.values()) {
            for (Sample s : samples) {
                sums.merge(s.time(), s.value(), Double::sum);
            }
        }
        return sums.entrySet().stream().map(e -> new Sample(e.getKey(), e.getValue())).toList();
    }

    /** The label sets in PromQL notation, e.g. {@code {instance="a", job="api"}}, at most ten listed. */
    String describeLabelSets() {
        List<String> sets = byLabels.keySet().stream().map(CollectedSeries::formatLabels).sorted().toList();
        String listed = String.join(", ", sets.subList(0, Math.min(sets.size(), MAX_LISTED_LABEL_SETS)));
        int more = sets.size() - MAX_LISTED_LABEL_SETS;
        return more > 0 ? listed + " and " + more + " more" : listed;
    }

    static String formatLabels(Map<String, String> labels) {
        return new TreeSet<>(labels.keySet()).stream()
                .map(name -> name + "=\"" + labels.get(name) + "\"")
                .collect(Collectors.joining(", ", "{", "}"));
    }
}
