package dev.prescient.common.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.prescient.common.accuracy.AccuracySnapshot;
import dev.prescient.common.forecast.Forecast;
import dev.prescient.common.policy.ForecastView;
import dev.prescient.common.policy.Headroom;
import dev.prescient.common.policy.Sizing;
import dev.prescient.common.policy.SizingJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ForecastResponseTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void roundTripsThroughJsonIntoTheForecastThePolicySees() throws Exception {
        Forecast forecast = new Forecast(T0, Duration.ofMinutes(1), new double[] {1, 2, 3}, new double[] {2, 3, 5});
        ForecastResponse response = ForecastResponse.of("shop/api",
                new ForecastResponse.ModelRef("v20261127-0412-abcdef", "production", "lstm"), "model",
                T0.plusSeconds(5), T0.minusSeconds(60), forecast,
                new ForecastResponse.Freshness(65, T0, T0.minusSeconds(3600)));

        String json = JSON.writeValueAsString(response);
        assertThat(json).contains("\"t\":\"2026-11-27T10:00:00Z\"", "\"stepSeconds\":60", "\"source\":\"model\"");

        ForecastView view = JSON.readValue(json, ForecastResponse.class).toView();
        assertThat(view.forecast()).isEqualTo(forecast);
        assertThat(view.generatedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(view.modelVersion()).isEqualTo("v20261127-0412-abcdef");
        assertThat(view.isFallback()).isFalse();
    }

    @Test
    void carriesTheLiveAccuracyWithUnknownFiguresLeftOut() throws Exception {
        Forecast forecast = new Forecast(T0, Duration.ofMinutes(1), new double[] {1, 2}, new double[] {2, 3});
        AccuracySnapshot snapshot = new AccuracySnapshot(T0, Duration.ofMinutes(1),
                new AccuracySnapshot.Window(AccuracySnapshot.DAY, 0.912, 0.85, 1380),
                new AccuracySnapshot.Window(AccuracySnapshot.HOUR, Double.NaN, 1.0, 60));
        ForecastResponse response = ForecastResponse.of("shop/api", null, "model", T0, T0.minusSeconds(60),
                forecast, null, ForecastResponse.Accuracy.of(snapshot));

        String json = JSON.writeValueAsString(response);
        assertThat(json).contains("\"accuracy\":{\"h24\":{\"mase\":0.912,\"p90Coverage\":0.85,\"points\":1380},"
                + "\"h1\":{\"p90Coverage\":1.0,\"points\":60}}");

        ForecastResponse read = JSON.readValue(json, ForecastResponse.class);
        assertThat(read.accuracy()).isEqualTo(response.accuracy());
        assertThat(read.accuracySnapshot()).contains(snapshot);
    }

    @Test
    void carriesTheModelVersionTheAccuracyScoresAndReadsItsAbsenceAsUnknown() throws Exception {
        Forecast forecast = new Forecast(T0, Duration.ofMinutes(1), new double[] {1, 2}, new double[] {2, 3});
        AccuracySnapshot snapshot = new AccuracySnapshot(T0, Duration.ofMinutes(1),
                new AccuracySnapshot.Window(AccuracySnapshot.DAY, 0.9, 0.85, 20),
                new AccuracySnapshot.Window(AccuracySnapshot.HOUR, 0.9, 0.85, 20), "v20261202-2300");
        ForecastResponse response = ForecastResponse.of("shop/api", null, "model", T0, T0.minusSeconds(60),
                forecast, null, ForecastResponse.Accuracy.of(snapshot));

        String json = JSON.writeValueAsString(response);
        assertThat(json).contains("\"h1\":{\"mase\":0.9,\"p90Coverage\":0.85,\"points\":20},"
                + "\"modelVersion\":\"v20261202-2300\"}");
        assertThat(JSON.readValue(json, ForecastResponse.class).accuracySnapshot()).contains(snapshot);

        String older = json.replace(",\"modelVersion\":\"v20261202-2300\"", "");
        assertThat(JSON.readValue(older, ForecastResponse.class).accuracySnapshot())
                .contains(snapshot.withModelVersion(null));
    }

    @Test
    void readsAResponseWithoutAccuracyFromAnOlderPredictor() throws Exception {
        String json = """
                {"workload":"shop/api","source":"model","generatedAt":"2026-11-27T10:00:05Z","stepSeconds":60,
                 "points":[{"t":"2026-11-27T10:00:00Z","p50":1,"p90":2}]}
                """;
        ForecastResponse read = JSON.readValue(json, ForecastResponse.class);

        assertThat(read.accuracy()).isNull();
        assertThat(read.accuracySnapshot()).isEmpty();
        assertThat(read).isEqualTo(new ForecastResponse("shop/api", null, "model",
                Instant.parse("2026-11-27T10:00:05Z"), null, 60, read.points(), null));
        assertThat(JSON.writeValueAsString(read)).doesNotContain("accuracy");
    }

    @Test
    void readsAnAccuracyWithAWindowMissingAsUnknown() throws Exception {
        String json = """
                {"workload":"shop/api","source":"model","generatedAt":"2026-11-27T10:00:05Z","stepSeconds":60,
                 "points":[{"t":"2026-11-27T10:00:00Z","p50":1,"p90":2}],"accuracy":{"h24":{"mase":1.5,"points":400}}}
                """;
        AccuracySnapshot s = JSON.readValue(json, ForecastResponse.class).accuracySnapshot().orElseThrow();

        assertThat(s.at()).isEqualTo(Instant.parse("2026-11-27T10:00:05Z"));
        assertThat(s.day().mase()).isEqualTo(1.5);
        assertThat(s.day().p90Coverage()).isNaN();
        assertThat(s.hour()).isEqualTo(AccuracySnapshot.Window.empty(AccuracySnapshot.HOUR));
    }

    @Test
    void ignoresFieldsAddedByANewerPredictor() throws Exception {
        String json = """
                {"workload":"shop/api","source":"fallback:seasonal-naive","generatedAt":"2026-11-27T10:00:05Z",
                 "stepSeconds":60,"points":[{"t":"2026-11-27T10:00:00Z","p50":1,"p90":2,"p99":9}],"extra":true}
                """;
        ForecastView view = JSON.readValue(json, ForecastResponse.class).toView();
        assertThat(view.isFallback()).isTrue();
        assertThat(view.modelVersion()).isNull();
    }

    @Test
    void carriesTheModelVersionsSizingInItsSizingJsonFormIntoTheView() throws Exception {
        Sizing sizing = new Sizing(1.0, 5, 3, Optional.of(new Sizing.Floor(
                new Headroom(0.8, 60, 5, Map.of(0, 2.4)), 3, 10)), new Sizing.Reactive(0.75, 2),
                new Sizing.Calibration(1440, 0.9, 0.97, 120, 140, 600, true));
        Forecast forecast = new Forecast(T0, Duration.ofMinutes(1), new double[] {1, 2}, new double[] {2, 3});
        ForecastResponse response = ForecastResponse.of("shop/api",
                new ForecastResponse.ModelRef("v20261127-0412", "production", "lstm"), "model", T0, T0, forecast,
                null, null, Optional.of(sizing));

        String json = JSON.writeValueAsString(response);
        assertThat(JSON.readTree(json).get("sizing")).isEqualTo(SizingJson.toJson(sizing));

        ForecastResponse read = JSON.readValue(json, ForecastResponse.class);
        assertThat(read).isEqualTo(response);
        assertThat(read.toView().sizing()).contains(sizing);
        assertThat(read.withAccuracy(null).toView().sizing()).as("kept by withAccuracy").contains(sizing);
    }

    @Test
    void leavesTheSizingOutWhenTheAnswerHasNone() throws Exception {
        Forecast forecast = new Forecast(T0, Duration.ofMinutes(1), new double[] {1}, new double[] {2});
        ForecastResponse response = ForecastResponse.of("shop/api", null, "fallback:seasonal-naive", T0, T0,
                forecast, null);

        assertThat(JSON.writeValueAsString(response)).doesNotContain("sizing");
        assertThat(response.toView().sizing()).isEmpty();
        String withNull = """
                {"workload":"shop/api","source":"model","generatedAt":"2026-11-27T10:00:05Z","stepSeconds":60,
                 "points":[{"t":"2026-11-27T10:00:00Z","p50":1,"p90":2}],"sizing":null}
                """;
        assertThat(JSON.readValue(withNull, ForecastResponse.class).toView().sizing()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"version\": 2} | sizing version 2 is not supported",
            "{\"version\": 1, \"slo_short_minutes_pct\": 1.0} | field 'reactive' must be an object",
            "[1, 2] | sizing must be a JSON object"
    })
    void refusesASizingThisBuildCannotUseNamingTheModelAndTheField(String sizing, String problem) throws Exception {
        String json = """
                {"workload":"shop/api","source":"model","model":{"version":"v7"},"generatedAt":"2026-11-27T10:00:05Z",
                 "stepSeconds":60,"points":[{"t":"2026-11-27T10:00:00Z","p50":1,"p90":2}],"sizing":%s}
                """.formatted(sizing);
        ForecastResponse read = JSON.readValue(json, ForecastResponse.class);

        assertThatThrownBy(read::toView).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("forecast for shop/api from model v7 has a sizing this build cannot use: ")
                .hasMessageContaining(problem);
    }

    @Test
    void refusesAResponseWithoutPointsNamingTheWorkload() {
        ForecastResponse empty = new ForecastResponse("shop/api", null, "model", T0, T0, 60, List.of(), null);
        assertThatThrownBy(empty::toView).hasMessageContaining("shop/api").hasMessageContaining("no points");
    }

    @Test
    void refusesInvalidQuantilesNamingTheStep() {
        ForecastResponse bad = new ForecastResponse("shop/api", null, "model", T0, T0, 60,
                List.of(new ForecastResponse.Point(T0, 5, 1)), null);
        assertThatThrownBy(bad::toView).hasMessageContaining("step 0");
    }
}
