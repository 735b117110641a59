package dev.prescient.actuator.kube;

/** A patch failed with 409 because the object changed since it was read: re-read and decide again. */
public class TargetConflictException extends RuntimeException {

    public TargetConflictException(String operation, Throwable cause) {
        super(operation + " failed with 409 Conflict: the object changed since it was read; re-read it and retry",
                cause);
    }
}
