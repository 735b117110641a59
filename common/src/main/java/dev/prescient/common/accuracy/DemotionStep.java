package dev.prescient.common.accuracy;

/**
 * The outcome of one {@link Demotion#step}.
 *
 * @param state the state after the step
 * @param transition what this step changed
 * @param judgement how the snapshot was judged, e.g. {@code MASE 0.912, p90 coverage 0.861 over the last 24h
 *     (1,380 points)} or {@code not judged: 40 of 360 points needed over the last 24h}
 */
public record DemotionStep(DemotionState state, Transition transition, String judgement) {

    /** What a step changed. */
    public enum Transition {
        NONE, DEMOTED, REENABLED
    }

    public boolean changed() {
        return transition != Transition.NONE;
    }
}
