package dev.prescient.common.series.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prescient.common.series.Sample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CollectedSeriesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = 1_627_776_000L;

    private static QueryRangeResponse answer(Map<Map<String, String>, String> valuesByLabels) {
        List<QueryRangeResponse.RangeSeries> result = new ArrayList<>();
        valuesByLabels.forEach((labels, values) -> {
            try {
                List<JsonNode> pairs = new ArrayList<>();
                JSON.readTree(values).forEach(pairs::add);
                result.add(new QueryRangeResponse.RangeSeries(labels, pairs));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return new QueryRangeResponse("success", new QueryRangeResponse.Data("matrix", result), null, null);
    }

    private static Sample at(long offsetSeconds, double value) {
        return new Sample(Instant.ofEpochSecond(T0 + offsetSeconds), value);
    }

    @Test
    void sumsSeveralSeriesStepByStepAcrossChunks() {
        CollectedSeries collected = new CollectedSeries();
        Map<Map<String, String>, String> first = new LinkedHashMap<>();
        first.put(Map.of("pod", "a"), "[[1627776000, \"1\"], [1627776060, \"2\"]]");
        first.put(Map.of("pod", "b"), "[[1627776000, \"10\"], [1627776060, \"20\"]]");
        collected.add(answer(first));
        collected.add(answer(Map.of(Map.of("pod", "a"), "[[1627776120, \"3\"]]",
                Map.of("pod", "c"), "[[1627776120, \"300\"]]")));

        assertThat(collected.seriesCount()).isEqualTo(3);
        assertThat(collected.received()).isEqualTo(6);
        assertThat(collected.sum()).containsExactly(at(0, 11), at(60, 22), at(120, 303));
    }

    @Test
    void aStepWhereOneSeriesIsNanSumsToNanSoItIsDroppedNotUndercounted() {
        CollectedSeries collected = new CollectedSeries();
        collected.add(answer(Map.of(Map.of("pod", "a"), "[[1627776000, \"1\"], [1627776060, \"NaN\"]]",
                Map.of("pod", "b"), "[[1627776000, \"10\"], [1627776060, \"20\"]]")));

        assertThat(collected.nonFinite()).isEqualTo(1);
        assertThat(collected.sum()).containsExactly(at(0, 11), at(60, Double.NaN));
    }

    @Test
    void describesLabelSetsInPromqlNotationSortedAndAtMostTen() {
        CollectedSeries collected = new CollectedSeries();
        Map<Map<String, String>, String> many = new LinkedHashMap<>();
        for (int i = 11; i >= 0; i--) {
            many.put(Map.of("pod", "p" + (char) ('a' + i), "job", "api"), "[[1627776000, \"1\"]]");
        }
        collected.add(answer(many));

        assertThat(collected.describeLabelSets()).isEqualTo(
                "{job=\"api\", pod=\"pa\"}, {job=\"api\", pod=\"pb\"}, {job=\"api\", pod=\"pc\"}, "
                        + "{job=\"api\", pod=\"pd\"}, {job=\"api\", pod=\"pe\"}, {job=\"api\", pod=\"pf\"}, "
                        + "{job=\"api\", pod=\"pg\"}, {job=\"api\", pod=\"ph\"}, {job=\"api\", pod=\"pi\"}, "
                        + "{job=\"api\", pod=\"pj\"} and 2 more");
        assertThat(CollectedSeries.formatLabels(Map.of())).isEqualTo("{}");
    }
}
