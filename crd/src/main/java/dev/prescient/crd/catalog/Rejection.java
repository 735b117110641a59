package dev.prescient.crd.catalog;

import java.util.List;

/**
 * Why a PredictiveScaler is left out of the catalogue: a condition reason and every problem, each naming the object
 * and the field ({@code PredictiveScaler shop/api: spec.minReplicas: …}).
 *
 * @param reason {@link #INVALID_SPEC} or {@link #TARGET_CONFLICT}, CamelCase as a condition reason
 * @param problems what is wrong, at least one
 */
public record Rejection(String reason, List<String> problems) {

    /** The spec is not a valid workload (a field the schema or the CEL rules did not catch, or stored before them). */
    public static final String INVALID_SPEC = "InvalidSpec";
    /** An older PredictiveScaler scales the same target. */
    public static final String TARGET_CONFLICT = "TargetConflict";

    public Rejection {
        problems = List.copyOf(problems);
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a rejection names at least one problem");
        }
    }

    /** The problems in one line, without the {@code PredictiveScaler ns/name: } each begins with. */
    public String message(String key) {
        String prefix = "PredictiveScaler " + key + ": ";
        return String.join("; ", problems.stream().map(p -> p.startsWith(prefix) ? p.substring(prefix.length()) : p)
                .toList());
    }
}
