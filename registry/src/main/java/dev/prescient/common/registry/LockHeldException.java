package dev.prescient.common.registry;

/** A change to a workload's versions was refused because another owner holds the workload's lock. */
public class LockHeldException extends RegistryException {

    private final Lease holder;

    public LockHeldException(String operation, Lease holder) {
        super("cannot " + operation + " " + holder.workload() + ": its lock is held by " + holder.owner() + " since "
                + holder.acquiredAt() + " until " + holder.expiresAt() + "; wait for that run to finish and try again"
                + " (a holder that died leaves the lock until it expires)");
        this.holder = holder;
    }

    /** Who holds the lock and until when. */
    public Lease holder() {
        return holder;
    }
}
