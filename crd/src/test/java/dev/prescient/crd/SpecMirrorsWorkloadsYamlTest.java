package dev.prescient.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.prescient.common.config.DurationParser;
import dev.prescient.common.model.Slo;
import dev.prescient.common.model.WorkloadSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The resource's spec is one entry of workloads.yaml: the same fields under the same names (the entry's
 * {@code name}/{@code namespace} are the object's, its {@code target} is {@code scaleTargetRef}), the same required
 * ones and the same defaults. Checked against {@code config/workloads.example.yaml}, which writes every field out.
 */
class SpecMirrorsWorkloadsYamlTest {

    private static JsonNode spec;
    private static JsonNode complete;
    private static JsonNode least;

    @BeforeAll
    static void read() throws IOException {
        YAMLMapper yaml = new YAMLMapper();
        JsonNode crd = yaml.readTree(PredictiveScalerCrdTest.generate());
        spec = crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec");
        JsonNode workloads = yaml.readTree(PredictiveScalerCrdTest.repoRoot()
                .resolve("config/workloads.example.yaml").toFile()).get("workloads");
        complete = workloads.get(0);
        least = workloads.get(1);
    }

    @Test
    void specHasEveryFieldOfAWorkloadUnderTheSameName() {
        assertThat(names(spec.get("properties"))).isEqualTo(asSpec(names(complete)));
        assertThat(names(spec.at("/properties/slo/properties"))).isEqualTo(names(complete.get("slo")));
        assertThat(names(spec.at("/properties/scaleTargetRef/properties")))
                .containsAll(names(complete.get("target"))).contains("apiVersion");
    }

    @Test
    void specRequiresWhatTheLeastWorkloadWrites() {
        assertThat(names(spec.get("required"))).isEqualTo(asSpec(names(least)));
    }

    @Test
    void specDefaultsAreTheLoadersDefaults() {
        JsonNode p = spec.get("properties");
        assertThat(p.at("/history/default").asText()).isEqualTo(DurationParser.format(WorkloadSpec.DEFAULT_HISTORY));
        assertThat(p.at("/step/default").asText()).isEqualTo(DurationParser.format(WorkloadSpec.DEFAULT_STEP));
        assertThat(p.at("/horizon/default").asText()).isEqualTo(DurationParser.format(WorkloadSpec.DEFAULT_HORIZON));
        assertThat(p.at("/targetUtilization/default").asDouble()).isEqualTo(WorkloadSpec.DEFAULT_TARGET_UTILIZATION);
        assertThat(p.at("/slo/properties/maxShortMinutesPct/default").asDouble())
                .isEqualTo(Slo.DEFAULT_MAX_SHORT_MINUTES_PCT);
        assertThat(p.at("/startupDelay/default").isMissingNode()).as("startupDelay: absent means measure it").isTrue();
    }

    /** A workload entry's field names as the spec's: name and namespace are metadata, target is scaleTargetRef. */
    private static Set<String> asSpec(Set<String> workload) {
        Set<String> names = new TreeSet<>(workload);
        names.removeAll(Set.of("name", "namespace", "target"));
        names.add("scaleTargetRef");
        return names;
    }

    private static Set<String> names(JsonNode node) {
        Set<String> names = new TreeSet<>();
        if (node.isArray()) {
            node.forEach(n -> names.add(n.asText()));
        } else {
            node.fieldNames().forEachRemaining(names::add);
        }
        return names;
    }
}
