package dev.prescient.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.prescient.crd.PredictiveScaler;
import dev.prescient.crd.catalog.PredictiveScalerTranslator;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PredictiveScaler CRD ships in the base and both overlays as committed, every overlay ships an example that
 * the CRD admits, the printer columns point at fields the schema has, and where the workloads come from the cluster
 * the trainer is not pointed at a file.
 */
class PredictiveScalerManifestsTest {

    private static final String CRD = "predictivescalers.prescient.dev";
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Rendered> RENDERED = new HashMap<>();
    private static CustomResourceDefinition committed;

    @BeforeAll
    static void render() throws Exception {
        for (String dir : new String[] {"k8s/base", "k8s/overlays/dev", "k8s/overlays/prod"}) {
            RENDERED.put(dir, Rendered.kustomize(dir));
        }
        committed = SERIALIZATION.unmarshal(Files.readString(Rendered.repoRoot()
                .resolve("k8s/base/" + CRD + ".yaml")), CustomResourceDefinition.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"k8s/base", "k8s/overlays/dev", "k8s/overlays/prod"})
    void theCrdShipsAsCommitted(String dir) throws Exception {
        CustomResourceDefinition rendered = RENDERED.get(dir).one(CustomResourceDefinition.class, CRD);
        JsonNode shipped = JSON.readTree(SERIALIZATION.asJson(rendered.getSpec()));
        JsonNode generated = JSON.readTree(SERIALIZATION.asJson(committed.getSpec()));
        // kustomize writes 1.0 as 1: numbers compare by value
        Comparator<JsonNode> byValue = (a, b) -> a.isNumber() && b.isNumber()
                ? Double.compare(a.doubleValue(), b.doubleValue()) : a.equals(b) ? 0 : 1;
        assertThat(shipped.equals(byValue, generated)).as("%s renders the CRD of k8s/base as committed", dir).isTrue();
        assertThat(rendered.getMetadata().getNamespace()).as("a CRD is cluster-scoped").isNull();
        assertThat(rendered.getSpec().getNames().getShortNames()).containsExactly("ps");
        assertThat(rendered.getSpec().getVersions().get(0).getSubresources().getStatus()).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"k8s/overlays/dev", "k8s/overlays/prod"})
    void everyOverlayShipsAnExampleTheCrdAdmitsAndTheCatalogueLoads(String dir) throws Exception {
        CrdAdmission admission = CrdAdmission.of(Rendered.repoRoot().resolve("k8s/base/" + CRD + ".yaml"));
        List<PredictiveScaler> examples = RENDERED.get(dir).all(PredictiveScaler.class).toList();
        assertThat(examples).as(dir).isNotEmpty();
        for (PredictiveScaler example : examples) {
            JsonNode object = JSON.readTree(SERIALIZATION.asJson(example));
            assertThat(admission.admit(object)).as("%s: %s", dir, example.key()).isEmpty();
            assertThat(new PredictiveScalerTranslator().translate(example)).as("%s: %s loads as a workload", dir,
                    example.key()).isInstanceOf(PredictiveScalerTranslator.Translation.Valid.class);
            assertThat(example.getMetadata().getNamespace()).as("%s: a PredictiveScaler sits next to its workload", dir)
                    .isNotBlank();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"k8s/overlays/dev", "k8s/overlays/prod"})
    void theTrainerReadsTheClusterWhereTheOverlayDoes(String dir) {
        CronJob trainer = RENDERED.get(dir).one(CronJob.class, "prescient-trainer");
        assertThat(trainer.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
                .as("%s: no --config, so train reads the PredictiveScalers", dir).containsExactly("train");
    }

    @Test
    void everyPrinterColumnPointsAtAFieldOfTheSchema() throws Exception {
        JsonNode schema = new YAMLMapper().readTree(Files.readString(Rendered.repoRoot()
                .resolve("k8s/base/" + CRD + ".yaml"))).at("/spec/versions/0/schema/openAPIV3Schema");
        List<CustomResourceColumnDefinition> columns = committed.getSpec().getVersions().get(0)
                .getAdditionalPrinterColumns();
        assertThat(columns).extracting(CustomResourceColumnDefinition::getName).containsExactly(
                "Target", "Mode", "Min", "Max", "Desired", "Current", "Model", "Condition", "Age");
        for (CustomResourceColumnDefinition column : columns) {
            String path = column.getJsonPath().replaceAll("\\[\\?\\(.*\\)]", "");
            if (path.equals(".metadata.creationTimestamp")) {
                continue;
            }
            JsonNode node = schema;
            for (String field : path.substring(1).split("\\.")) {
                node = node.path("items").isMissingNode() ? node : node.path("items");
                node = node.path("properties").path(field);
            }
            assertThat(node.isMissingNode()).as("column %s: %s is not in the schema", column.getName(),
                    column.getJsonPath()).isFalse();
            String type = node.path("type").asText();
            assertThat(column.getType()).as("column %s", column.getName())
                    .isEqualTo(type.equals("array") ? "string" : type);
        }
    }
}
