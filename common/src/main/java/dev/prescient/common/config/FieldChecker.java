package dev.prescient.common.config;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Reads the text values of one workload into typed values, recording a {@link ConfigProblem} for
 * each that is missing or malformed and returning null for it. Fields already reported while
 * reading the YAML (wrong shape, unknown) are not reported again as missing.
 */
final class FieldChecker {

    static final String MISSING = "required but missing";

    private final String file;
    private final String workload;
    private final Set<String> alreadyReported;
    private final List<ConfigProblem> problems;
    private final int problemsBefore;

    FieldChecker(String file, String workload, Set<String> alreadyReported, List<ConfigProblem> problems) {
        this.file = file;
        this.workload = workload;
        this.alreadyReported = alreadyReported;
        this.problems = problems;
        this.problemsBefore = problems.size();
    }

    /** Whether nothing was reported for this workload since this checker was made. */
    boolean allValid() {
        return problems.size() == problemsBefore;
    }

    void problem(String field, String message) {
        problems.add(new ConfigProblem(file, workload, field, message));
    }

    /** Trimmed text, or null (reported) when absent or blank. */
    String required(String field, String value) {
        return required(field, value, null);
    }

    /** Trimmed text, or null (reported, with {@code hint} when given) when absent or blank. */
    String required(String field, String value, String hint) {
        if (value == null || value.isBlank()) {
            if (!alreadyReported.contains(field)) {
                problem(field, hint == null ? MISSING : MISSING + "; " + hint);
            }
            return null;
        }
        return value.strip();
    }

    /** A finite decimal; {@code fallback} when absent and not required. */
    Double decimal(String field, String value, Double fallback) {
        String text = fallback == null ? required(field, value) : optional(value);
        if (text == null) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(text);
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problem(field, "must be a number, got '" + text + "'");
        return null;
    }

    /** A required whole number. */
    Integer whole(String field, String value) {
        String text = required(field, value);
        if (text == null) {
            return null;
        }
        try {
            return Integer.valueOf(text);
        } catch (NumberFormatException e) {
            problem(field, "must be a whole number, got '" + text + "'");
            return null;
        }
    }

    /** A positive duration; {@code fallback} when absent (null fallback = optional and absent). */
    /** An optional whole number: null when absent (no problem) or invalid (problem recorded). */
    Integer optionalWhole(String field, String value) {
        String text = optional(value);
        return text == null ? null : whole(field, text);
    }

    Duration duration(String field, String value, Duration fallback) {
        String text = optional(value);
        if (text == null) {
            return fallback;
        }
        try {
            Duration d = DurationParser.parse(text);
            if (d.isZero() || d.isNegative()) {
                problem(field, "must be > 0, got " + text);
                return null;
            }
            return d;
        } catch (IllegalArgumentException e) {
            problem(field, e.getMessage());
            return null;
        }
    }

    private String optional(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
