package dev.prescient.actuator.kube;

/**
 * A write was refused because this instance could not confirm, right before it, that it still leads: the rest of the
 * tick is abandoned to the new leader.
 */
public class LeadershipLostException extends RuntimeException {

    public LeadershipLostException(String identity, String write) {
        super(identity + " no longer leads (or cannot confirm it on the Lease): refusing to " + write
                + "; the rest of this tick is abandoned to the leader");
    }
}
