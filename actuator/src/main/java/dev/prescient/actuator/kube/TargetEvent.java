package dev.prescient.actuator.kube;

import java.nio.charset.StandardCharsets;

/**
 * A Kubernetes Event to write on a target.
 *
 * @param warning {@code Warning} when true, else {@code Normal}
 * @param reason short CamelCase reason, e.g. {@code PredictiveScaleUp}
 * @param message the explanation, cut to {@link #MAX_MESSAGE_BYTES} UTF-8 bytes
 */
public record TargetEvent(boolean warning, String reason, String message) {

    /** The API server refuses Event messages over 1024 bytes; keep below with room for the ellipsis. */
    static final int MAX_MESSAGE_BYTES = 1000;

    public TargetEvent {
        message = cut(message);
    }

    public String type() {
        return warning ? "Warning" : "Normal";
    }

    private static String cut(String message) {
        if (message.getBytes(StandardCharsets.UTF_8).length <= MAX_MESSAGE_BYTES) {
            return message;
        }
        int end = message.length();
        while (end > 0 && (message.substring(0, end) + "…").getBytes(StandardCharsets.UTF_8).length
                > MAX_MESSAGE_BYTES) {
            end = Character.isLowSurrogate(message.charAt(end - 1)) && end > 1 ? end - 2 : end - 1;
        }
        return message.substring(0, end) + "…";
    }
}
