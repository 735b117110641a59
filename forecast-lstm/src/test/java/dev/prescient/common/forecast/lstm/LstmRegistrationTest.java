package dev.prescient.common.forecast.lstm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prescient.common.forecast.ForecastException;
import dev.prescient.common.forecast.ForecasterRegistry;
import org.junit.jupiter.api.Test;

/** The module declares the LSTM as a {@code Forecaster} provider, so the default registry finds it. */
class LstmRegistrationTest {

    @Test
    void defaultsListTheLstmAfterTheBaselines() {
        assertThat(ForecasterRegistry.defaults().types())
                .containsExactly("seasonal-naive", "holt-winters", "seed-arima", "lstm");
    }

    @Test
    void defaultsPickTheLstmByType() {
        assertThat(ForecasterRegistry.defaults().get("lstm")).isInstanceOf(LstmForecaster.class);
    }

    @Test
    void unknownTypeListsTheLstmAmongTheKnownOnes() {
        assertThatThrownBy(() -> ForecasterRegistry.defaults().get("prophet"))
                .isInstanceOf(ForecastException.class)
                .hasMessage("unknown forecaster type 'prophet'; known types: seasonal-naive, holt-winters, seed-arima, lstm");
    }
}
