package dev.prescient.common.config;

/**
 * One workload exactly as written in the file, before validation. Scalars are kept as text so
 * that a wrong value ({@code capacityPerPod: fifty}) is reported with the others instead of
 * stopping the read.
 */
record RawWorkload(String name, String namespace, RawTarget target, String query, String capacityPerPod,
                   String targetUtilization, String minReplicas, String maxReplicas, String history,
                   String step, String horizon, String startupDelay, String mode, RawSlo slo,
                   String fallbackReplicas) {

    /**
     * How problems name a workload: {@code namespace/name} when both are given, else its 1-based
     * position ({@code #2}), with the name when only that is known ({@code #2 (api)}).
     */
    static String label(int position, String namespace, String name) {
        boolean hasName = name != null && !name.isBlank();
        if (hasName && namespace != null && !namespace.isBlank()) {
            return namespace + "/" + name;
        }
        return "#" + position + (hasName ? " (" + name + ")" : "");
    }

    /** The {@code target} mapping as written ({@code apiVersion} only for kinds other than Deployment/StatefulSet). */
    record RawTarget(String apiVersion, String kind, String name) {
    }

    /** The {@code slo} mapping as written. */
    record RawSlo(String maxShortMinutesPct, String demandQuery) {
    }
}
