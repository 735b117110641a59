package dev.prescient.actuator.testing;

import dev.prescient.crd.PredictiveScaler;
import dev.prescient.crd.PredictiveScalerSpec;
import dev.prescient.crd.ScaleTargetRef;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/** PredictiveScaler objects for tests, like the workloads {@link Fixtures#spec} makes. */
public final class Scalers {

    private Scalers() {
    }

    /**
     * A PredictiveScaler {@code name} on Deployment {@code target}: capacity {@link Fixtures#CAPACITY} per pod at full
     * utilisation, start-up delay 3 min.
     */
    public static PredictiveScaler of(String namespace, String name, String target, PredictiveScalerSpec.Mode mode,
                                      int min, int max) {
        PredictiveScalerSpec spec = new PredictiveScalerSpec();
        spec.setScaleTargetRef(new ScaleTargetRef("apps/v1", "Deployment", target));
        spec.setQuery("sum(rate(requests_total{app=\"" + target + "\"}[1m]))");
        spec.setCapacityPerPod(Fixtures.CAPACITY);
        spec.setTargetUtilization(1.0);
        spec.setMinReplicas(min);
        spec.setMaxReplicas(max);
        spec.setStartupDelay(Fixtures.STARTUP.toMinutes() + "m");
        spec.setMode(mode);
        PredictiveScaler scaler = new PredictiveScaler();
        scaler.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
        scaler.setSpec(spec);
        return scaler;
    }

    public static PredictiveScaler read(KubernetesClient client, String namespace, String name) {
        return client.resources(PredictiveScaler.class).inNamespace(namespace).withName(name).get();
    }
}
