package dev.prescient.common.model;

/** The object whose replicas Prescient manages, in the workload's namespace. */
public record TargetRef(TargetKind kind, String name) {
}
