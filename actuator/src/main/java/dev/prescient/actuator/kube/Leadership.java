package dev.prescient.actuator.kube;

/** Whether this actuator instance may act now. */
public interface Leadership {

    boolean isLeader();

    /** This instance's identity. */
    String identity();

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
