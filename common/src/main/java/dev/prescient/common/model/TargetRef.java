package dev.prescient.common.model;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The object whose replicas Prescient manages, in the workload's namespace: anything with a {@code /scale}
 * subresource, named as an HPA's {@code scaleTargetRef} names it.
 *
 * @param apiVersion {@code group/version} ({@code apps/v1}, {@code argoproj.io/v1alpha1}), or {@code version} for the
 *     core group
 * @param kind its kind, e.g. {@code Deployment}, {@code Rollout}
 * @param name its name
 */
public record TargetRef(String apiVersion, String kind, String name) {

    public TargetRef {
        Objects.requireNonNull(apiVersion, "apiVersion");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }

    /** A Deployment or StatefulSet ({@code apps/v1}). */
    public TargetRef(TargetKind kind, String name) {
        this(TargetKind.API_VERSION, kind.name(), name);
    }

    /** The API group, empty for the core group: what an HPA's {@code scaleTargetRef} must match besides kind and name. */
    public String group() {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    /** The built-in kind this names ({@code apps} Deployment or StatefulSet), empty for any other resource. */
    public Optional<TargetKind> builtIn() {
        if (!TargetKind.GROUP.equals(group())) {
            return Optional.empty();
        }
        return Arrays.stream(TargetKind.values()).filter(k -> k.name().equals(kind)).findFirst();
    }
}
