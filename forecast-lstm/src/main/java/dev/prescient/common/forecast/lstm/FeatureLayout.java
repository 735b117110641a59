package dev.prescient.common.forecast.lstm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Shape of the network input for one forecast origin {@code o} (the index of the first forecast step).
 * <ul>
 *   <li>sequence, {@code window} steps {@code t = o-window .. o-1}, each: scaled value at {@code t}, scaled value
 *       one season earlier, and sin/cos of the wall-clock phase of {@code t} in every period;</li>
 *   <li>dense: for every lag (one season first, then one and two hours when they reach past the horizon), the
 *       scaled value that far before each horizon step; then the newest value, the mean of the newest
 *       {@code baseSteps} and the window mean; then sin/cos of the origin's phase;</li>
 *   <li>base: mean of the newest {@code baseSteps} values; the network predicts the residual to it.</li>
 * </ul>
 *
 * @param window sequence length in steps
 * @param horizon forecast steps
 * @param season steps in one season (a day)
 * @param baseSteps steps averaged into the base level
 * @param periods wall-clock periods encoded as sin/cos (hour, two hours, day, and a week when history allows)
 * @param lags distances in steps, season first, whose values aligned with the horizon enter the dense input
 */
record FeatureLayout(int window, int horizon, int season, int baseSteps, List<Duration> periods, List<Integer> lags) {

    /** Newest value, mean of the newest {@code baseSteps}, mean of the window. */
    static final int RECENT_SUMMARIES = 3;

    FeatureLayout {
        periods = List.copyOf(periods);
        lags = List.copyOf(lags);
        if (lags.isEmpty() || lags.get(0) != season) {
            throw new IllegalArgumentException("lstm lags must start with the season " + season + ", got " + lags);
        }
        for (int lag : lags) {
            if (lag < horizon || lag > season) {
                throw new IllegalArgumentException("lstm lag " + lag + " must lie in [horizon " + horizon
                        + ", season " + season + "]");
            }
        }
    }

    static FeatureLayout of(LstmConfig config, Duration step, int horizon, int season, Duration history) {
        int window = config.resolveWindow(step);
        List<Duration> periods = new ArrayList<>();
        for (Duration p : List.of(Duration.ofHours(1), Duration.ofHours(2), Duration.ofDays(1))) {
            if (p.toMillis() >= 4 * step.toMillis()) {
                periods.add(p);
            }
        }
        if (history.compareTo(Duration.ofDays(config.weeklyFeaturesFromDays())) >= 0) {
            periods.add(Duration.ofDays(7));
        }
        List<Integer> lags = new ArrayList<>(List.of(season));
        for (Duration lag : List.of(Duration.ofHours(1), Duration.ofHours(2))) {
            int steps = (int) (lag.toMillis() / step.toMillis());
            if (steps >= horizon && steps < season && !lags.contains(steps)) {
                lags.add(steps);
            }
        }
        int baseSteps = Math.max(3, Math.min(window, horizon));
        return new FeatureLayout(window, horizon, season, baseSteps, periods, lags);
    }

    int stepFeatures() {
        return 2 + 2 * periods.size();
    }

    int denseFeatures() {
        return horizon * lags.size() + RECENT_SUMMARIES + 2 * periods.size();
    }

    /** Steps of history one origin needs: the window and the same window one season earlier. */
    int requiredHistory() {
        return season + window;
    }

    Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("seasonSteps", Integer.toString(season));
        m.put("baseSteps", Integer.toString(baseSteps));
        m.put("periods", periods.stream().map(Duration::toString).collect(Collectors.joining(",")));
        m.put("lags", lags.stream().map(String::valueOf).collect(Collectors.joining(",")));
        return m;
    }

    static FeatureLayout fromMap(Map<String, String> m, int window, int horizon) {
        String periods = m.getOrDefault("periods", "");
        List<Duration> parsed = periods.isEmpty() ? List.of()
                : Arrays.stream(periods.split(",")).map(Duration::parse).toList();
        return new FeatureLayout(window, horizon, Integer.parseInt(required(m, "seasonSteps")),
                Integer.parseInt(required(m, "baseSteps")), parsed,
                Arrays.stream(required(m, "lags").split(",")).map(Integer::valueOf).toList());
    }

    private static String required(Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null) {
            throw new IllegalArgumentException("lstm feature setting '" + key + "' is missing");
        }
        return v;
    }
}
