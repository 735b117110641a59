package dev.prescient.trainer.backtest;

import dev.prescient.common.series.TimeSeries;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A regime change injected into a trace before the backtest sees it: from {@code at} on, every value is multiplied
 * by {@code factor} (e.g. traffic doubling after a launch). Several injections multiply.
 *
 * @param at first instant whose value is scaled
 * @param factor the multiplier, positive and finite
 */
public record ScaleInjection(Instant at, double factor) {

    public ScaleInjection {
        Objects.requireNonNull(at, "at");
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("injected scale factor must be a positive number, got " + factor);
        }
    }

    /**
     * Parses {@code <ISO-8601 instant>:<factor>}, e.g. {@code 2021-08-11T00:00:00Z:2}.
     *
     * @throws IllegalArgumentException naming the text and the expected form
     */
    public static ScaleInjection parse(String text) {
        int colon = text.lastIndexOf(':');
        String form = "; expected <ISO-8601 instant>:<factor>, e.g. 2021-08-11T00:00:00Z:2";
        if (colon < 0) {
            throw new IllegalArgumentException("cannot read scale injection '" + text + "'" + form);
        }
        try {
            return new ScaleInjection(Instant.parse(text.substring(0, colon)),
                    Double.parseDouble(text.substring(colon + 1)));
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException("cannot read scale injection '" + text + "': " + e.getMessage() + form,
                    e);
        }
    }

    /** {@code series} with every injection applied; gaps stay gaps. */
    public static TimeSeries applyAll(TimeSeries series, List<ScaleInjection> injections) {
        if (injections.isEmpty()) {
            return series;
        }
        double[] v = series.values();
        for (int i = 0; i < v.length; i++) {
            Instant t = series.timeAt(i);
            for (ScaleInjection s : injections) {
                if (!t.isBefore(s.at())) {
                    v[i] *= s.factor();
                }
            }
        }
        return new TimeSeries(series.start(), series.step(), v);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "×%s from %s", new BigDecimal(Double.toString(factor))
                .stripTrailingZeros().toPlainString(), at);
    }
}
