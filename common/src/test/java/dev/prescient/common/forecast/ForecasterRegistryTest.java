package dev.prescient.common.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ForecasterRegistryTest {

    @ParameterizedTest
    @CsvSource({
        "seasonal-naive, dev.prescient.common.forecast.SeasonalNaiveForecaster",
        "holt-winters, dev.prescient.common.forecast.HoltWintersForecaster",
        "seed-arima, dev.prescient.common.forecast.SeedArimaForecaster"})
    void defaultsPickEachBaselineByType(String type, String className) {
        Forecaster f = ForecasterRegistry.defaults().get(type);

        assertThat(f.getClass().getName()).isEqualTo(className);
        assertThat(f.type()).isEqualTo(type);
    }

    @Test
    void listsTypesInRegistrationOrder() {
        assertThat(ForecasterRegistry.defaults().types()).containsExactly("seasonal-naive", "holt-winters", "seed-arima");
    }

    /** common carries no DJL: here no module declares the LSTM, so asking for it names what there is. */
    @Test
    void lstmIsUnknownWithoutTheForecastLstmModule() {
        assertThatThrownBy(() -> ForecasterRegistry.defaults().get("lstm"))
                .isInstanceOf(ForecastException.class)
                .hasMessage("unknown forecaster type 'lstm'; known types: seasonal-naive, holt-winters, seed-arima");
    }

    @Test
    void unknownTypeNamesItAndListsTheKnownOnes() {
        assertThatThrownBy(() -> ForecasterRegistry.defaults().get("prophet"))
                .isInstanceOf(ForecastException.class)
                .hasMessage("unknown forecaster type 'prophet'; known types: seasonal-naive, holt-winters, seed-arima");
    }

    @Test
    void rejectsTwoForecastersOfTheSameType() {
        List<Forecaster> twice = List.of(new SeasonalNaiveForecaster(), new SeasonalNaiveForecaster());

        assertThatThrownBy(() -> new ForecasterRegistry(twice))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("forecaster type 'seasonal-naive' is registered twice");
    }

    @Test
    void addingAForecasterIsOneMoreListEntry() {
        Forecaster extra = new Forecaster() {
            @Override
            public String type() {
                return "extra";
            }

            @Override
            public FittedModel fit(dev.prescient.common.series.TimeSeries history, ForecastSettings settings) {
                throw new UnsupportedOperationException();
            }
        };
        ForecasterRegistry registry = new ForecasterRegistry(List.of(new SeasonalNaiveForecaster(), extra));

        assertThat(registry.get("extra")).isSameAs(extra);
        assertThat(registry.types()).containsExactly("seasonal-naive", "extra");
    }
}
