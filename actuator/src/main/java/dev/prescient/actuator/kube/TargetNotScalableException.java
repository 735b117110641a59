package dev.prescient.actuator.kube;

import dev.prescient.common.model.TargetRef;

/** The target names a kind the API server does not serve, or serves without a {@code /scale} subresource. */
public final class TargetNotScalableException extends RuntimeException {

    private final transient TargetRef ref;

    public TargetNotScalableException(TargetRef ref, String why) {
        super("cannot scale " + ref.kind() + " " + ref.name() + " (" + ref.apiVersion() + "): " + why);
        this.ref = ref;
    }

    public TargetRef ref() {
        return ref;
    }
}
