package dev.prescient.actuator.kube;

import io.fabric8.kubernetes.api.model.Quantity;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One entry of an HPA's {@code spec.metrics}, as far as its target goes.
 *
 * @param type {@code Resource}, {@code ContainerResource}, {@code Pods}, {@code Object} or {@code External}
 * @param name the resource (e.g. {@code cpu}) or metric name; for a ContainerResource {@code <container>/<resource>}
 * @param targetType {@code Utilization}, {@code AverageValue} or {@code Value}
 * @param averageUtilization {@code target.averageUtilization} in %, empty when unset
 * @param averageValue {@code target.averageValue} as a Kubernetes quantity, empty when unset
 */
public record HpaMetricTarget(String type, String name, String targetType, OptionalInt averageUtilization,
                              Optional<String> averageValue) {

    public static final String UTILIZATION = "Utilization";
    public static final String AVERAGE_VALUE = "AverageValue";

    public HpaMetricTarget {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(targetType, "targetType");
        Objects.requireNonNull(averageUtilization, "averageUtilization");
        Objects.requireNonNull(averageValue, "averageValue");
    }

    /** A {@code Resource} metric with a {@code Utilization} target of {@code percent}. */
    public static HpaMetricTarget utilization(String resource, int percent) {
        return new HpaMetricTarget("Resource", resource, UTILIZATION, OptionalInt.of(percent), Optional.empty());
    }

    /** A metric of {@code type} with an {@code AverageValue} target of {@code quantity}. */
    public static HpaMetricTarget averageValue(String type, String metric, String quantity) {
        return new HpaMetricTarget(type, metric, AVERAGE_VALUE, OptionalInt.empty(), Optional.of(quantity));
    }

    public HpaMetricTarget withAverageUtilization(int percent) {
        return new HpaMetricTarget(type, name, targetType, OptionalInt.of(percent), averageValue);
    }

    public HpaMetricTarget withAverageValue(String quantity) {
        return new HpaMetricTarget(type, name, targetType, averageUtilization, Optional.of(quantity));
    }

    /** {@code cpu (Resource, Utilization)}: how Events and logs name it. */
    public String describe() {
        return name + " (" + type + ", " + targetType + ")";
    }

    /** {@code value} as a Kubernetes quantity to the milli-unit: {@code 75}, {@code 83333m}; at least {@code 1m}. */
    public static String quantity(double value) {
        BigDecimal v = BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_UP).max(new BigDecimal("0.001"))
                .stripTrailingZeros();
        return v.scale() <= 0 ? v.toBigInteger().toString() : v.movePointRight(3).toBigInteger() + "m";
    }

    /** Whether two quantities are the same amount to the milli-unit; an unreadable one is never the same. */
    public static boolean sameQuantity(String a, String b) {
        try {
            BigDecimal x = Quantity.parse(a).getNumericalAmount().setScale(3, RoundingMode.HALF_UP);
            BigDecimal y = Quantity.parse(b).getNumericalAmount().setScale(3, RoundingMode.HALF_UP);
            return x.compareTo(y) == 0;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
