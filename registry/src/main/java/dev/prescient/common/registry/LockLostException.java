package dev.prescient.common.registry;

/** The holder of a training lock no longer holds it: another run took it over, or it expired unrenewed. */
public class LockLostException extends RegistryException {

    private final String workload;

    public LockLostException(String workload, String message) {
        super(message);
        this.workload = workload;
    }

    /** {@code namespace/name} of the workload whose lock was lost. */
    public String workload() {
        return workload;
    }
}
