package dev.prescient.common.config;

import java.util.StringJoiner;

/**
 * One thing wrong with a workload configuration file.
 *
 * @param file the file (path or source name) the problem is in
 * @param workload the workload as {@code namespace/name}, or {@code #n} (1-based position) when it
 *                 has no name yet; null for a problem with the file as a whole
 * @param field the field, dotted for nested ones ({@code target.kind}); null when no single field is at fault
 * @param message what is wrong and, where it helps, what would be right
 */
public record ConfigProblem(String file, String workload, String field, String message) {

    /** {@code file: workload payments/api: field capacityPerPod: must be > 0, got -1}. */
    @Override
    public String toString() {
        StringJoiner line = new StringJoiner(": ");
        line.add(file);
        if (workload != null) {
            line.add("workload " + workload);
        }
        if (field != null) {
            line.add("field " + field);
        }
        line.add(message);
        return line.toString();
    }
}
