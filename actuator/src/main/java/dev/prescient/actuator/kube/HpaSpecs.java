package dev.prescient.actuator.kube;

import io.fabric8.kubernetes.api.model.autoscaling.v2.HPAScalingRules;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBehavior;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricIdentifier;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricTarget;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Reads the {@link HpaTuning} out of an HPA's spec as fabric8 models it. */
final class HpaSpecs {

    private HpaSpecs() {
    }

    static HpaTuning tuning(HorizontalPodAutoscalerSpec spec) {
        HorizontalPodAutoscalerBehavior behavior = spec.getBehavior();
        HPAScalingRules down = behavior == null ? null : behavior.getScaleDown();
        Integer window = down == null ? null : down.getStabilizationWindowSeconds();
        List<HpaMetricTarget> metrics = new ArrayList<>();
        for (MetricSpec m : spec.getMetrics() == null ? List.<MetricSpec>of() : spec.getMetrics()) {
            metrics.add(metric(m));
        }
        return new HpaTuning(window == null ? OptionalInt.empty() : OptionalInt.of(window), metrics);
    }

    private static HpaMetricTarget metric(MetricSpec m) {
        String type = m.getType() == null ? "" : m.getType();
        return switch (type) {
            case "Resource" -> target(type, m.getResource() == null ? "" : m.getResource().getName(),
                    m.getResource() == null ? null : m.getResource().getTarget());
            case "ContainerResource" -> target(type, m.getContainerResource() == null ? ""
                            : m.getContainerResource().getContainer() + "/" + m.getContainerResource().getName(),
                    m.getContainerResource() == null ? null : m.getContainerResource().getTarget());
            case "Pods" -> target(type, name(m.getPods() == null ? null : m.getPods().getMetric()),
                    m.getPods() == null ? null : m.getPods().getTarget());
            case "Object" -> target(type, name(m.getObject() == null ? null : m.getObject().getMetric()),
                    m.getObject() == null ? null : m.getObject().getTarget());
            case "External" -> target(type, name(m.getExternal() == null ? null : m.getExternal().getMetric()),
                    m.getExternal() == null ? null : m.getExternal().getTarget());
            default -> target(type, "", null);
        };
    }

    private static String name(MetricIdentifier metric) {
        return metric == null || metric.getName() == null ? "" : metric.getName();
    }

    private static HpaMetricTarget target(String type, String name, MetricTarget target) {
        if (target == null) {
            return new HpaMetricTarget(type, name, "", OptionalInt.empty(), Optional.empty());
        }
        return new HpaMetricTarget(type, name, target.getType() == null ? "" : target.getType(),
                target.getAverageUtilization() == null ? OptionalInt.empty()
                        : OptionalInt.of(target.getAverageUtilization()),
                Optional.ofNullable(target.getAverageValue()).map(Object::toString));
    }
}
