package dev.prescient.crd.catalog;

import dev.prescient.common.config.WorkloadConfigLoader;
import dev.prescient.crd.PredictiveScaler;
import dev.prescient.common.model.TargetRef;
import dev.prescient.crd.catalog.PredictiveScalerTranslator.Translation;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A PredictiveScaler means what the same entry of workloads.yaml means. */
class PredictiveScalerTranslatorTest {

    private final PredictiveScalerTranslator translator = new PredictiveScalerTranslator();

    @Test
    void theDevExampleIsTheDevWorkloadsFileEntry() throws IOException {
        Path root = dev.prescient.crd.PredictiveScalerCrdTest.repoRoot();
        PredictiveScaler example = Serialization.unmarshal(
                Files.readString(root.resolve("k8s/overlays/dev/predictivescaler.yaml")), PredictiveScaler.class);
        Translation translation = translator.translate(example);
        assertThat(translation).isEqualTo(new Translation.Valid(
                WorkloadConfigLoader.load(root.resolve("k8s/overlays/dev/workloads.yaml")).get("default/demo")));
    }

    @Test
    void aTargetOutsideAppsV1IsAnyKindWithAScaleSubresource() {
        PredictiveScaler scaler = KubernetesWorkloadCatalogTest.scaler("shop", "web", "web", 1, 3);
        scaler.getSpec().getScaleTargetRef().setApiVersion("argoproj.io/v1alpha1");
        scaler.getSpec().getScaleTargetRef().setKind("Rollout");
        assertThat(translator.translate(scaler)).isInstanceOfSatisfying(Translation.Valid.class, valid ->
                assertThat(valid.spec().target())
                        .isEqualTo(new TargetRef("argoproj.io/v1alpha1", "Rollout", "web")));
    }

    @Test
    void aKindUnknownToAppsV1IsRefusedNamingTheField() {
        PredictiveScaler scaler = KubernetesWorkloadCatalogTest.scaler("shop", "web", "web", 1, 3);
        scaler.getSpec().getScaleTargetRef().setKind("Rollout");
        assertThat(translator.translate(scaler)).isInstanceOfSatisfying(Translation.Invalid.class, invalid ->
                assertThat(invalid.problems()).singleElement().asString().startsWith(
                        "PredictiveScaler shop/web: spec.scaleTargetRef.kind: unknown kind 'Rollout'; valid kinds: "
                                + "Deployment, StatefulSet, or any kind with a /scale subresource"));
    }

    @Test
    void aBadNameIsRefusedAsMetadata() {
        PredictiveScaler scaler = KubernetesWorkloadCatalogTest.scaler("shop", "web.v2", "web", 1, 3);
        assertThat(translator.translate(scaler)).isInstanceOfSatisfying(Translation.Invalid.class, invalid ->
                assertThat(invalid.problems()).singleElement().asString()
                        .startsWith("PredictiveScaler shop/web.v2: metadata.name: must be a DNS-1123 label"));
    }
}
