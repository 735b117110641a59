package dev.prescient.actuator.loop;

import dev.prescient.common.policy.ForecastView;

import java.util.Optional;

/**
 * The outcome of asking the predictor: a forecast, or why there is none.
 *
 * @param view the forecast, empty when the predictor gave none
 * @param problem why it is empty (names the predictor's answer), empty otherwise
 */
public record ForecastFetch(Optional<ForecastView> view, Optional<String> problem) {

    public static ForecastFetch of(ForecastView view) {
        return new ForecastFetch(Optional.of(view), Optional.empty());
    }

    public static ForecastFetch failed(String problem) {
        return new ForecastFetch(Optional.empty(), Optional.of(problem));
    }
}
