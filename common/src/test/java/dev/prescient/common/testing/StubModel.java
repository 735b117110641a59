package dev.prescient.common.testing;

import dev.prescient.common.forecast.Forecast;
import dev.prescient.common.forecast.artifact.ModelManifest;
import dev.prescient.common.forecast.artifact.PersistableModel;
import dev.prescient.common.forecast.artifact.ValidationMetrics;
import dev.prescient.common.series.TimeSeries;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A saveable model of type {@code fake} with fixed parameter bytes and a validation MASE, trained on the three
 * days before {@link #TRAINED_TO}: enough for registry and CLI tests, no engine needed.
 */
public record StubModel(String parameters, double mase) implements PersistableModel {

    public static final Instant TRAINED_TO = Instant.parse("2026-11-27T04:12:00Z");

    @Override
    public String type() {
        return "fake";
    }

    @Override
    public int requiredHistorySteps() {
        return 1;
    }

    @Override
    public Forecast forecast(TimeSeries recent, int horizonSteps) {
        throw new UnsupportedOperationException("a stub model does not forecast");
    }

    @Override
    public ModelManifest manifest() {
        return new ModelManifest(ModelManifest.FORMAT_VERSION, "fake", null, TRAINED_TO.minus(Duration.ofDays(3)),
                TRAINED_TO, Duration.ofMinutes(1), 60, 30, Map.of(), Map.of(),
                Map.of("fake", new ValidationMetrics(1, mase, 0.9)), Map.of(), null, null, null);
    }

    @Override
    public void writeParameters(OutputStream out) throws IOException {
        out.write(parameters.getBytes(StandardCharsets.UTF_8));
    }
}
