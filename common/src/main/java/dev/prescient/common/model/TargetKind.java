package dev.prescient.common.model;

/** Kinds of workload Prescient can scale. */
public enum TargetKind {
    Deployment,
    StatefulSet
}
