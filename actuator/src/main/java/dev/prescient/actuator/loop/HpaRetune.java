package dev.prescient.actuator.loop;

import dev.prescient.actuator.kube.HpaMetricTarget;
import dev.prescient.actuator.kube.HpaTuning;
import dev.prescient.common.policy.Sizing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * What the learnt reactive setting ({@link Sizing.Reactive}) asks of the HPA under the floor, as the backtest's
 * emulated HPA is retuned: the scale-down stabilisation window = the learnt window, and each metric target that can
 * express "this share of a pod's capacity" — a {@code Resource}/{@code ContainerResource} {@code Utilization} target
 * (round(100 × target) %) or a {@code Pods}/{@code Object}/{@code External} {@code AverageValue} target
 * (capacityPerPod × target). Any other target is left as it is and named.
 *
 * @param to the tuning to set (equal to the current one where nothing changes)
 * @param changes each change, {@code old → new}, for the Event; empty when nothing differs
 * @param unsupported each metric whose target cannot express the learnt target
 */
public record HpaRetune(HpaTuning to, List<String> changes, List<String> unsupported) {

    public HpaRetune {
        changes = List.copyOf(changes);
        unsupported = List.copyOf(unsupported);
    }

    /** Whether the HPA needs a patch. */
    public boolean changesSomething() {
        return !changes.isEmpty();
    }

    /**
     * @param current the HPA's tuning as read
     * @param capacityPerPod the workload's demand one pod serves at 100 %
     */
    public static HpaRetune plan(HpaTuning current, Sizing.Reactive reactive, double capacityPerPod) {
        List<String> changes = new ArrayList<>();
        List<String> unsupported = new ArrayList<>();
        int window = Math.min(HpaTuning.MAX_WINDOW_SECONDS, reactive.scaleDownWindowMinutes() * 60);
        OptionalInt windowTo = current.scaleDownWindowSeconds();
        if (current.effectiveScaleDownWindowSeconds() != window) {
            changes.add("scale-down window " + current.effectiveScaleDownWindowSeconds() + " s"
                    + (current.scaleDownWindowSeconds().isEmpty() ? " (default)" : "") + " → " + window + " s");
            windowTo = OptionalInt.of(window);
        }
        int percent = (int) Math.round(100 * reactive.targetUtilization());
        String average = HpaMetricTarget.quantity(capacityPerPod * reactive.targetUtilization());
        List<HpaMetricTarget> metrics = new ArrayList<>();
        for (HpaMetricTarget m : current.metrics()) {
            if (utilization(m)) {
                if (m.averageUtilization().orElse(-1) != percent) {
                    changes.add(m.name() + " (" + m.type() + ") utilisation target "
                            + (m.averageUtilization().isPresent() ? m.averageUtilization().getAsInt() + " %" : "unset")
                            + " → " + percent + " %");
                    m = m.withAverageUtilization(percent);
                }
            } else if (averageValue(m)) {
                if (m.averageValue().filter(v -> HpaMetricTarget.sameQuantity(v, average)).isEmpty()) {
                    changes.add(m.name() + " (" + m.type() + ") average value target "
                            + m.averageValue().orElse("unset") + " → " + average);
                    m = m.withAverageValue(average);
                }
            } else {
                unsupported.add(m.describe());
            }
            metrics.add(m);
        }
        return new HpaRetune(new HpaTuning(windowTo, metrics), changes, unsupported);
    }

    private static boolean utilization(HpaMetricTarget m) {
        return (m.type().equals("Resource") || m.type().equals("ContainerResource"))
                && m.targetType().equals(HpaMetricTarget.UTILIZATION);
    }

    private static boolean averageValue(HpaMetricTarget m) {
        return (m.type().equals("Pods") || m.type().equals("Object") || m.type().equals("External"))
                && m.targetType().equals(HpaMetricTarget.AVERAGE_VALUE);
    }

    /** The Event's text: what changed, to which learnt setting, and where the original is kept. */
    public String describe(String hpa, String model, Sizing.Reactive reactive) {
        return String.format(Locale.ROOT, "HPA %s retuned to the reactive setting learnt with model %s (target %.2f, "
                        + "scale-down window %d min): %s; the original is kept in annotation prescient.dev/original-hpa",
                hpa, model, reactive.targetUtilization(), reactive.scaleDownWindowMinutes(), String.join(", ", changes));
    }
}
