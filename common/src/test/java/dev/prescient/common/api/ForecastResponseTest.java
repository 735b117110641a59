package dev.prescient.common.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.prescient.common.forecast.Forecast;
import dev.prescient.common.policy.ForecastView;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

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
