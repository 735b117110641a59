package dev.prescient.common.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class SizingJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The example of the class documentation: minutes 0–4 of every hour at 2.4, 3 days of memory. */
    private static final Sizing PHASED = new Sizing(1.0, 5, 3,
            Optional.of(new Sizing.Floor(new Headroom(0.8, 60, 5, Map.of(0, 2.4)), 3, 0, 0.02)),
            new Sizing.Reactive(0.75, 5), new Sizing.Calibration(1440, 0.9, 0.97, 120, 140, 600, true));

    private static final String PHASED_JSON = """
            {"version": 1, "slo_short_minutes_pct": 1.0, "decision_interval_minutes": 5, "startup_delay_minutes": 3,
             "floor": {"headroom": {"pooled": 0.8, "period_minutes": 60, "bin_minutes": 5, "by_phase": {"0": 2.4}},
                       "memory_days": 3, "hold_minutes": 0, "min_spread_fraction": 0.02},
             "reactive": {"target_utilization": 0.75, "scale_down_window_minutes": 5},
             "calibration": {"minutes": 1440, "under_provisioned_pct": 0.9, "cost_vs_reference": 0.97,
                             "scale_changes": 120, "reference_scale_changes": 140, "settings_tried": 600,
                             "meets_slo": true}}
            """;

    static Stream<Arguments> sizings() {
        return Stream.of(
                Arguments.of("phased by the hour", PHASED),
                Arguments.of("phased by the day, negative pooled headroom, floor hold", new Sizing(0.5, 1, 0,
                        Optional.of(new Sizing.Floor(new Headroom(-0.3, 1440, 60, Map.of(10, 2.5, 23, 0.125)), 7, 15, 0.035)),
                        new Sizing.Reactive(0.3, 1), new Sizing.Calibration(2880, 0.42, 1.25, 77, 90, 813, true, 0.375))),
                Arguments.of("no floor", new Sizing(3.0, 5, 3, Optional.empty(), new Sizing.Reactive(0.95, 5),
                        new Sizing.Calibration(1440, 4.5, 0.81, 300, 280, 813, false))),
                Arguments.of("untrained: not calibrated", Sizing.untrained(1.0, 5, 3, 0.7)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sizings")
    void readsBackExactlyWhatItWrites(String kind, Sizing sizing) {
        assertThat(SizingJson.read(SizingJson.write(sizing))).isEqualTo(sizing);
        assertThat(SizingJson.fromJson(SizingJson.toJson(sizing))).isEqualTo(sizing);
    }

    @Test
    void writesTheDocumentedFormat() throws Exception {
        assertThat(JSON.readTree(SizingJson.write(PHASED))).isEqualTo(JSON.readTree(PHASED_JSON));
        assertThat(SizingJson.read(PHASED_JSON)).isEqualTo(PHASED);
    }

    @Test
    void readsASizingWrittenBeforeTheLeastSpreadWasLearntWithTheOldThousandth() throws Exception {
        ObjectNode doc = (ObjectNode) JSON.readTree(PHASED_JSON);
        ((ObjectNode) doc.get("floor")).remove("min_spread_fraction");

        Sizing.Floor floor = SizingJson.fromJson(doc).floor().orElseThrow();

        assertThat(floor.minSpreadFraction()).isEqualTo(Sizing.Floor.DEFAULT_MIN_SPREAD_FRACTION).isEqualTo(1e-3);
        // so it sizes the floor as it did: a collapsed p90 counts a thousandth of p50 as the spread
        assertThat(floor.plannedDemand(1000, 1000, 0)).isCloseTo(1000 + 2.4 * 1.0, org.assertj.core.api.Assertions
                .within(1e-9));
    }

    @Test
    void writesNoFloorAsNull() {
        Sizing none = new Sizing(1.0, 5, 3, Optional.empty(), new Sizing.Reactive(0.7, 5), Sizing.Calibration.none());

        assertThat(SizingJson.toJson(none).get("floor").isNull()).isTrue();
        assertThat(SizingJson.read(SizingJson.write(none)).floor()).isEmpty();
    }

    @Test
    void writesAnUnmeasuredCalibrationFigureAsNullAndReadsItBackAsNaN() throws Exception {
        Sizing untrained = Sizing.untrained(1.0, 5, 3, 0.7);
        String text = SizingJson.write(untrained);
        JsonNode calibration = JSON.readTree(text).get("calibration");

        assertThat(calibration.get("under_provisioned_pct").isNull()).isTrue();
        assertThat(calibration.get("cost_vs_reference").isNull()).isTrue();
        assertThat(text).doesNotContain("NaN");
        Sizing.Calibration back = SizingJson.read(text).calibration();
        assertThat(back.underProvisionedPct()).isNaN();
        assertThat(back.costVsReference()).isNaN();
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "/version                             | <remove>   | field 'version' must be a whole number",
        "/version                             | \"1\"      | field 'version' must be a whole number",
        "/version                             | 1.0        | field 'version' must be a whole number",
        "/version                             | 2          | sizing version 2 is not supported (this build reads 1); retrain the model with this version of the trainer",
        "/slo_short_minutes_pct               | <remove>   | invalid sizing: field 'slo_short_minutes_pct' must be a number",
        "/slo_short_minutes_pct               | \"1.0\"    | invalid sizing: field 'slo_short_minutes_pct' must be a number",
        "/slo_short_minutes_pct               | 0          | invalid sizing: sizing SLO must be in (0, 100) % of minutes, got 0.0",
        "/decision_interval_minutes           | 2.5        | invalid sizing: field 'decision_interval_minutes' must be a whole number",
        "/decision_interval_minutes           | 10000000000 | invalid sizing: field 'decision_interval_minutes' must be a whole number",
        "/decision_interval_minutes           | 0          | invalid sizing: sizing learnt for a decision interval of 0 min and a start-up delay of 3 min: interval must be >= 1, delay >= 0",
        "/startup_delay_minutes               | -1         | invalid sizing: sizing learnt for a decision interval of 5 min and a start-up delay of -1 min: interval must be >= 1, delay >= 0",
        "/floor                               | 3          | invalid sizing: field 'floor' must be an object",
        "/floor/headroom                      | <remove>   | invalid sizing: field 'headroom' must be an object",
        "/floor/headroom/pooled               | <remove>   | invalid sizing: field 'pooled' must be a number",
        "/floor/headroom/pooled               | \"0.8\"    | invalid sizing: field 'pooled' must be a number",
        "/floor/headroom/period_minutes       | 7          | invalid sizing: headroom phase bins of 5 min do not divide a cycle of 7 min",
        "/floor/headroom/bin_minutes          | <remove>   | invalid sizing: field 'bin_minutes' must be a whole number",
        "/floor/headroom/by_phase             | <remove>   | invalid sizing: field 'by_phase' must be an object",
        "/floor/headroom/by_phase             | [2.4]      | invalid sizing: field 'by_phase' must be an object",
        "/floor/headroom/by_phase             | {\"0\": \"x\"} | invalid sizing: floor.headroom.by_phase.0 must be a number",
        "/floor/headroom/by_phase             | {\"a\": 1.0} | invalid sizing: floor.headroom.by_phase key 'a' is not a bin number",
        "/floor/headroom/by_phase             | {\"12\": 1.0} | invalid sizing: headroom phase bin 12 is outside the 12 bins of a 60-min cycle",
        "/floor/memory_days                   | -1         | invalid sizing: floor memoryDays and holdMinutes must be >= 0, got -1 and 0",
        "/floor/hold_minutes                  | <remove>   | invalid sizing: field 'hold_minutes' must be a whole number",
        "/floor/min_spread_fraction           | \"0.02\"   | invalid sizing: field 'min_spread_fraction' must be a number",
        "/floor/min_spread_fraction           | -0.1       | invalid sizing: floor minSpreadFraction must be in [0, 1] (a fraction of p50), got -0.1",
        "/floor/min_spread_fraction           | 2          | invalid sizing: floor minSpreadFraction must be in [0, 1] (a fraction of p50), got 2.0",
        "/reactive                            | <remove>   | invalid sizing: field 'reactive' must be an object",
        "/reactive/target_utilization         | 1.5        | invalid sizing: reactive target must be in (0, 1] and window >= 0, got 1.5 and 5 min",
        "/reactive/scale_down_window_minutes  | <remove>   | invalid sizing: field 'scale_down_window_minutes' must be a whole number",
        "/calibration                         | []         | invalid sizing: field 'calibration' must be an object",
        "/calibration/minutes                 | <remove>   | invalid sizing: field 'minutes' must be a whole number",
        "/calibration/under_provisioned_pct   | \"x\"      | invalid sizing: field 'under_provisioned_pct' must be a number",
        "/calibration/meets_slo               | \"yes\"    | invalid sizing: field 'meets_slo' must be true or false",
        "/calibration/meets_slo               | <remove>   | invalid sizing: field 'meets_slo' must be true or false",
    })
    void refusesAMalformedDocumentNamingTheField(String pointer, String value, String message) throws Exception {
        ObjectNode doc = (ObjectNode) JSON.readTree(PHASED_JSON);
        JsonPointer at = JsonPointer.compile(pointer);
        ObjectNode parent = (ObjectNode) doc.at(at.head());
        String field = at.last().getMatchingProperty();
        if (value.equals("<remove>")) {
            parent.remove(field);
        } else {
            parent.set(field, JSON.readTree(value));
        }

        assertThatThrownBy(() -> SizingJson.fromJson(doc)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
        assertThatThrownBy(() -> SizingJson.read(doc.toString())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void refusesTextThatIsNotJson() {
        assertThatThrownBy(() -> SizingJson.read("{\"version\": 1,")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("sizing is not valid JSON: ");
        assertThatThrownBy(() -> SizingJson.read("{\"pooled\": NaN}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("sizing is not valid JSON: ");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"[]", "3", "null", "\"sizing\""})
    void refusesADocumentThatIsNotAnObject(String text) {
        assertThatThrownBy(() -> SizingJson.read(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sizing must be a JSON object");
    }

    @Test
    void ignoresFieldsItDoesNotKnow() throws Exception {
        ObjectNode doc = (ObjectNode) JSON.readTree(PHASED_JSON);
        doc.put("learnt_by", "trainer 0.9");

        assertThat(SizingJson.fromJson(doc)).isEqualTo(PHASED);
    }
}
