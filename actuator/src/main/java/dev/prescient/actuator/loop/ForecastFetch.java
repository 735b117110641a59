package dev.prescient.actuator.loop;

import dev.prescient.common.accuracy.AccuracySnapshot;
import dev.prescient.common.policy.ForecastView;

import java.util.Optional;

/**
 * The outcome of asking the predictor: a forecast, or why there is none.
 *
 * @param view the forecast, empty when the predictor gave none
 * @param problem why it is empty (names the predictor's answer), empty otherwise
 * @param accuracy the workload's live accuracy as the predictor reported it with the forecast, empty when unknown
 */
public record ForecastFetch(Optional<ForecastView> view, Optional<String> problem,
                            Optional<AccuracySnapshot> accuracy) {

    public ForecastFetch(Optional<ForecastView> view, Optional<String> problem) {
        this(view, problem, Optional.empty());
    }

    public static ForecastFetch of(ForecastView view) {
        return of(view, Optional.empty());
    }

    public static ForecastFetch of(ForecastView view, Optional<AccuracySnapshot> accuracy) {
        return new ForecastFetch(Optional.of(view), Optional.empty(), accuracy);
    }

    public static ForecastFetch failed(String problem) {
        return new ForecastFetch(Optional.empty(), Optional.of(problem));
    }
}
