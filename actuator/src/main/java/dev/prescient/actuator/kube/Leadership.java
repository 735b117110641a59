package dev.prescient.actuator.kube;

import java.util.OptionalLong;

/** Whether this actuator instance may act now. */
public interface Leadership {

    /** Whether this instance leads now, by what it knows locally (cheap; no API call). */
    boolean isLeader();

    /** This instance's identity. */
    String identity();

    /**
     * Asked right before every write: whether this instance leads now, confirmed against the Lease where there is one.
     * Default: {@link #isLeader()}.
     */
    default boolean confirm() {
        return isLeader();
    }

    /** Monotonic time ({@code System.nanoTime()}) since which this instance leads, empty when it does not or unknown. */
    default OptionalLong leadingSince() {
        return OptionalLong.empty();
    }

    /** For a single instance without leader election: always the leader. */
    static Leadership always(String identity) {
        return new Leadership() {
            @Override
            public boolean isLeader() {
                return true;
            }

            @Override
            public String identity() {
                return identity;
            }
        };
    }
}
