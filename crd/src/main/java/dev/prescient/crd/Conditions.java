package dev.prescient.crd;

/** The condition types of a PredictiveScaler's status. */
public final class Conditions {

    /** The workload is in the catalogue and its target was found: the actuator acts on it. */
    public static final String READY = "Ready";
    /** Its last decision followed a usable forecast. */
    public static final String PREDICTING = "Predicting";
    /** Its last decision held (no usable forecast); the reason says why. */
    public static final String HOLDING = "Holding";
    /** Its model is demoted for live inaccuracy; the actuator scales reactively. */
    public static final String DEMOTED = "Demoted";

    private Conditions() {
    }
}
