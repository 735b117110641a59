package dev.prescient.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

import static io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type.DATE;
import static io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type.INTEGER;
import static io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type.STRING;

/**
 * A workload Prescient forecasts and scales, declared next to it: {@code kubectl get ps}. The spec is one entry of
 * workloads.yaml (the object's name and namespace are the workload's); the status is what the actuator last did.
 * The CRD in {@code k8s/base/predictivescalers.prescient.dev.yaml} is generated from these classes.
 */
@Group(PredictiveScaler.GROUP)
@Version(PredictiveScaler.VERSION)
@Kind("PredictiveScaler")
@Plural("predictivescalers")
@Singular("predictivescaler")
@ShortNames("ps")
@AdditionalPrinterColumn(name = "Target", type = STRING, jsonPath = ".spec.scaleTargetRef.name")
@AdditionalPrinterColumn(name = "Mode", type = STRING, jsonPath = ".spec.mode")
@AdditionalPrinterColumn(name = "Min", type = INTEGER, jsonPath = ".spec.minReplicas")
@AdditionalPrinterColumn(name = "Max", type = INTEGER, jsonPath = ".spec.maxReplicas")
@AdditionalPrinterColumn(name = "Desired", type = INTEGER, jsonPath = ".status.desiredReplicas")
@AdditionalPrinterColumn(name = "Current", type = INTEGER, jsonPath = ".status.currentReplicas")
@AdditionalPrinterColumn(name = "Model", type = STRING, jsonPath = ".status.modelVersion")
@AdditionalPrinterColumn(name = "Condition", type = STRING, jsonPath = PredictiveScaler.READY_REASON_PATH)
@AdditionalPrinterColumn(name = "Age", type = DATE, jsonPath = ".metadata.creationTimestamp")
public class PredictiveScaler extends CustomResource<PredictiveScalerSpec, PredictiveScalerStatus>
        implements Namespaced {

    public static final String GROUP = "prescient.dev";
    public static final String VERSION = "v1alpha1";
    /** The printer column {@code Condition}: the reason of the {@code Ready} condition. */
    public static final String READY_REASON_PATH = ".status.conditions[?(@.type==\"Ready\")].reason";

    /** {@code namespace/name}, the workload's key across the services. */
    public String key() {
        return getMetadata().getNamespace() + "/" + getMetadata().getName();
    }
}
