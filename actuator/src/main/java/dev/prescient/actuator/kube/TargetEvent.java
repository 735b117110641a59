package dev.prescient.actuator.kube;

/**
 * A Kubernetes Event to write on a target.
 *
 * @param warning {@code Warning} when true, else {@code Normal}
 * @param reason short CamelCase reason, e.g. {@code PredictiveScaleUp}
 * @param message the explanation
 */
public record TargetEvent(boolean warning, String reason, String message) {

    /** The API server refuses longer Event messages in events.k8s.io; keep well below. */
    static final int MAX_MESSAGE = 1000;

    public TargetEvent {
        if (message.length() > MAX_MESSAGE) {
            message = message.substring(0, MAX_MESSAGE - 1) + "…";
        }
    }

    public String type() {
        return warning ? "Warning" : "Normal";
    }
}
