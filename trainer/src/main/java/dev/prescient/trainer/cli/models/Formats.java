package dev.prescient.trainer.cli.models;

import dev.prescient.common.forecast.artifact.ValidationMetrics;
import dev.prescient.common.registry.ModelVersion;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

/** How the {@code models} commands print times and metrics. */
final class Formats {

    static final String NAIVE = "seasonal-naive";

    private Formats() {
    }

    static String time(Instant t) {
        return t == null ? "-" : t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static String time(Optional<Instant> t) {
        return time(t.orElse(null));
    }

    static String mase(ModelVersion v, String type) {
        ValidationMetrics m = v.manifest().validationMetrics().get(type);
        return m == null ? "-" : number(m.mase());
    }

    static String number(double x) {
        return String.format(Locale.ROOT, "%.3f", x);
    }

    static String reason(String reason) {
        return reason == null || reason.isBlank() ? "-" : reason;
    }
}
