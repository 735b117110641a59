package dev.prescient.trainer.backtest;

import java.util.Locale;

/**
 * What the policies, the emulated HPA and the forecasters see of the demand. {@code raw} is the per-minute demand
 * itself (the fixed scenario); {@code rate:WINDOW} is its trailing mean over WINDOW, as Prometheus'
 * {@code rate(counter[WINDOW])} returns it at each minute: the value at minute m covers the minutes
 * (m - WINDOW, m]. The metrics lag of the scenario comes on top. The simulated cluster always serves the raw demand.
 *
 * @param windowMinutes 0 for raw, else the rate window in whole minutes
 */
public record Signal(int windowMinutes) {

    public static final Signal RAW = new Signal(0);

    public Signal {
        if (windowMinutes < 0) {
            throw new IllegalArgumentException("signal window must not be negative, got " + windowMinutes);
        }
    }

    /**
     * Parses {@code raw} or {@code rate:WINDOW} with WINDOW in whole minutes ({@code 5m}, {@code 2m}, {@code 1h}).
     *
     * @throws IllegalArgumentException naming the value and the accepted forms
     */
    public static Signal parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("raw")) {
            return RAW;
        }
        if (t.startsWith("rate:")) {
            String w = t.substring("rate:".length());
            try {
                long minutes;
                if (w.endsWith("m")) {
                    minutes = Long.parseLong(w.substring(0, w.length() - 1));
                } else if (w.endsWith("h")) {
                    minutes = 60 * Long.parseLong(w.substring(0, w.length() - 1));
                } else {
                    throw new NumberFormatException(w);
                }
                if (minutes >= 1 && minutes <= 1440) {
                    return new Signal((int) minutes);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("signal '" + text + "' is not raw or rate:WINDOW with a window of whole "
                + "minutes between 1m and 24h (e.g. rate:5m, what rate(x[5m]) gives)");
    }

    public boolean isRaw() {
        return windowMinutes == 0;
    }

    /**
     * The signal of {@code demand}: for raw the same values; for a rate, at each minute the mean of the known values
     * over the window ending there (NaN where the demand itself is a gap, so a gap stays a gap).
     */
    public double[] of(double[] demand) {
        if (isRaw() || windowMinutes == 1) {
            return demand.clone();
        }
        double[] out = new double[demand.length];
        for (int m = 0; m < demand.length; m++) {
            double sum = 0;
            int known = 0;
            for (int k = Math.max(0, m - windowMinutes + 1); k <= m; k++) {
                if (!Double.isNaN(demand[k])) {
                    sum += demand[k];
                    known++;
                }
            }
            out[m] = Double.isNaN(demand[m]) ? Double.NaN : sum / known;
        }
        return out;
    }

    @Override
    public String toString() {
        return isRaw() ? "raw" : "rate:" + windowMinutes + "m";
    }
}
