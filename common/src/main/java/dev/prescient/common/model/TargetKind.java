package dev.prescient.common.model;

/**
 * The kinds of workload Prescient knows without asking the API server ({@code apps/v1}); any other resource with a
 * {@code /scale} subresource is named by its {@code apiVersion} and kind in a {@link TargetRef}.
 */
public enum TargetKind {
    Deployment,
    StatefulSet;

    /** Their API group. */
    public static final String GROUP = "apps";
    /** Their apiVersion. */
    public static final String API_VERSION = "apps/v1";
}
