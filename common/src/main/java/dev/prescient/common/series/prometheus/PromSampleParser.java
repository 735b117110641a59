package dev.prescient.common.series.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prescient.common.series.Sample;
import java.time.Instant;

/** Reads Prometheus' {@code [unixSeconds, "value"]} pairs, including its spellings of NaN and infinity. */
final class PromSampleParser {

    private PromSampleParser() {
    }

    /**
     * @throws IllegalArgumentException when the pair is not {@code [number, "number"]}
     */
    static Sample parse(JsonNode pair) {
        if (pair == null || !pair.isArray() || pair.size() != 2 || !pair.get(0).isNumber()) {
            throw new IllegalArgumentException("expected [unixSeconds, \"value\"], got " + pair);
        }
        long millis = Math.round(pair.get(0).asDouble() * 1000.0);
        return new Sample(Instant.ofEpochMilli(millis), parseValue(pair.get(1).asText()));
    }

    /** Parses a Prometheus sample value: a decimal number, "NaN", "+Inf", "-Inf" or "Inf". */
    static double parseValue(String text) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> parseDecimal(text);
        };
    }

    private static double parseDecimal(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a Prometheus sample value: '" + text + "'", e);
        }
    }
}
