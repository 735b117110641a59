package dev.prescient.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.prescient.deploy.CrdAdmission.Refusal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The PredictiveScaler CRD refuses bad objects with a clear message and admits the shipped examples: each object goes
 * through {@link CrdAdmission} (the CRD's defaults, its OpenAPI schema under a JSON-schema validator, its CEL rules
 * under CEL), not through string matching on the YAML.
 */
class PredictiveScalerAdmissionTest {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static CrdAdmission admission;
    private static JsonNode example;

    @BeforeAll
    static void load() throws Exception {
        Path root = Rendered.repoRoot();
        admission = CrdAdmission.of(root.resolve("k8s/base/predictivescalers.prescient.dev.yaml"));
        example = YAML.readTree(root.resolve("k8s/overlays/prod/predictivescaler.yaml").toFile());
    }

    @ParameterizedTest
    @ValueSource(strings = {"k8s/overlays/dev/predictivescaler.yaml", "k8s/overlays/prod/predictivescaler.yaml"})
    void theShippedExamplesAreAdmitted(String file) throws Exception {
        JsonNode object = YAML.readTree(Rendered.repoRoot().resolve(file).toFile());
        assertThat(admission.admit(object)).as(file).isEmpty();
    }

    @Test
    void theLeastWorkloadIsAdmittedAndEveryOptionalFieldToo() {
        assertThat(admission.admit(with(spec -> {
            spec.retain("scaleTargetRef", "query", "capacityPerPod", "minReplicas", "maxReplicas", "mode");
            ((ObjectNode) spec.get("scaleTargetRef")).remove("apiVersion");
        }))).isEmpty();
        assertThat(admission.admit(with(spec -> {
            spec.put("mode", "hpa-floor").put("minReplicas", 1).put("fallbackReplicas", 20).put("startupDelay", "90s")
                    .put("history", "7d").put("step", "5m").put("horizon", "1h").put("targetUtilization", 1.0);
            ((ObjectNode) spec.get("slo")).put("maxShortMinutesPct", 50);
        }))).isEmpty();
        assertThat(admission.admit(with(spec -> spec.put("mode", "replicas").put("minReplicas", 0)))).isEmpty();
    }

    static Stream<Arguments> badSpecs() {
        return Stream.of(
                // the OpenAPI schema: types, ranges, enums, required fields, unknown fields
                arguments("no scaleTargetRef", edit(s -> s.remove("scaleTargetRef")),
                        "required", "$.spec", "scaleTargetRef"),
                arguments("no query", edit(s -> s.remove("query")), "required", "$.spec", "query"),
                arguments("scaleTargetRef without kind", edit(s -> ((ObjectNode) s.get("scaleTargetRef")).remove("kind")),
                        "required", "$.spec.scaleTargetRef", "kind"),
                arguments("capacityPerPod 0", edit(s -> s.put("capacityPerPod", 0)),
                        "minimum", "$.spec.capacityPerPod", "minimum value of 0"),
                arguments("capacityPerPod as text", edit(s -> s.put("capacityPerPod", "fifty")),
                        "type", "$.spec.capacityPerPod", "number"),
                arguments("targetUtilization above 1", edit(s -> s.put("targetUtilization", 1.5)),
                        "maximum", "$.spec.targetUtilization", "1"),
                arguments("negative minReplicas", edit(s -> s.put("minReplicas", -1)),
                        "minimum", "$.spec.minReplicas", "0"),
                arguments("maxReplicas 0", edit(s -> s.put("maxReplicas", 0)), "minimum", "$.spec.maxReplicas", "1"),
                arguments("unknown mode", edit(s -> s.put("mode", "auto")), "enum", "$.spec.mode", "hpa-floor"),
                arguments("history in words", edit(s -> s.put("history", "3 days")),
                        "pattern", "$.spec.history", "[smhd]"),
                arguments("step in ISO-8601", edit(s -> s.put("step", "PT1M")), "pattern", "$.spec.step", "[smhd]"),
                arguments("SLO above 50 %", edit(s -> ((ObjectNode) s.get("slo")).put("maxShortMinutesPct", 60)),
                        "maximum", "$.spec.slo.maxShortMinutesPct", "50"),
                arguments("blank SLO demand query", edit(s -> ((ObjectNode) s.get("slo")).put("demandQuery", "  ")),
                        "pattern", "$.spec.slo.demandQuery", "\\S"),
                arguments("replicas is not a field", edit(s -> s.put("replicas", 3)),
                        "additionalProperties", "$.spec", "replicas"),
                // the CEL rules: across fields
                arguments("minReplicas above maxReplicas", edit(s -> s.put("minReplicas", 5).put("maxReplicas", 3)),
                        "cel", "$.spec.maxReplicas", "maxReplicas (3) must be >= minReplicas (5)"),
                arguments("hpa-floor with minReplicas 0", edit(s -> s.put("mode", "hpa-floor").put("minReplicas", 0)),
                        "cel", "$.spec.minReplicas", "minReplicas must be >= 1 in hpa-floor mode"),
                arguments("fallbackReplicas above maxReplicas", edit(s -> s.put("fallbackReplicas", 30)),
                        "cel", "$.spec.fallbackReplicas",
                        "fallbackReplicas (30) must be within [minReplicas, maxReplicas] = [2, 20]"),
                arguments("one day of history", edit(s -> s.put("history", "1d")),
                        "cel", "$.spec.history", "history must be at least 2d"),
                arguments("history not a multiple of step", edit(s -> s.put("step", "7m").put("horizon", "28m")),
                        "cel", "$.spec.history", "history must be a multiple of step"),
                arguments("horizon not a multiple of step", edit(s -> s.put("step", "2m").put("horizon", "45m")),
                        "cel", "$.spec.horizon", "horizon must be a multiple of step"),
                arguments("default step, horizon in seconds", edit(s -> {
                            s.remove("step");
                            s.put("horizon", "90s");
                        }), "cel", "$.spec.horizon", "horizon must be a multiple of step"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSpecs")
    void aBadSpecIsRefusedByTheRuleThatNamesItsField(String name, Consumer<ObjectNode> edit, String by, String path,
                                                     String message) {
        List<Refusal> refusals = admission.admit(with(edit));
        assertThat(refusals).as(name).hasSize(1);
        Refusal refusal = refusals.get(0);
        assertThat(refusal.by()).as(name + ": " + refusal).isEqualTo(by);
        assertThat(refusal.path()).as(name + ": " + refusal).isEqualTo(path);
        assertThat(refusal.message()).as(name).contains(message);
    }

    @Test
    void theTableHasAtLeastTenBadSpecsOfEachKind() {
        assertThat(badSpecs().filter(a -> !"cel".equals(a.get()[2]))).hasSizeGreaterThanOrEqualTo(10);
        assertThat(badSpecs().filter(a -> "cel".equals(a.get()[2]))).hasSizeGreaterThanOrEqualTo(5);
    }

    private static Consumer<ObjectNode> edit(Consumer<ObjectNode> edit) {
        return edit;
    }

    /** The prod example with its spec edited. */
    private static JsonNode with(Consumer<ObjectNode> edit) {
        ObjectNode object = example.deepCopy();
        edit.accept((ObjectNode) object.get("spec"));
        return object;
    }
}
