package dev.prescient.crd.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prescient.common.config.ConfigProblem;
import dev.prescient.common.config.WorkloadConfigException;
import dev.prescient.common.config.WorkloadConfigLoader;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.crd.PredictiveScaler;

import java.util.List;
import java.util.Set;

/**
 * Turns a PredictiveScaler into the {@link WorkloadSpec} of its workload through the workloads.yaml loader itself,
 * so an object means exactly what the same entry of workloads.yaml means (fields, defaults, checks, messages). The
 * API server has already applied the CRD's schema and rules; this catches what they cannot (the name as a DNS label,
 * a kind the actuator cannot scale) and objects stored before the CRD was installed or changed.
 */
public final class PredictiveScalerTranslator {

    /** What one object gave: a workload, or why not. */
    public sealed interface Translation {
        /** The object's workload. */
        record Valid(WorkloadSpec spec) implements Translation {
        }

        /** Every problem, each naming the object and the spec field ({@code spec.maxReplicas: …}). */
        record Invalid(List<String> problems) implements Translation {
        }
    }

    /**
     * The API version of the built-in kinds ({@link dev.prescient.common.model.TargetKind}), which a workloads.yaml
     * target names without it; any other apiVersion names a kind with a {@code /scale} subresource and is kept.
     */
    private static final Set<String> APPS = Set.of("apps/v1");

    private final ObjectMapper json = JsonMapper.builder()
            .serializationInclusion(JsonInclude.Include.NON_NULL).build();

    public Translation translate(PredictiveScaler scaler) {
        String source = "PredictiveScaler " + scaler.key();
        if (scaler.getSpec() == null) {
            return new Translation.Invalid(List.of(source + ": has no spec"));
        }
        try {
            return new Translation.Valid(WorkloadConfigLoader.parse(json.writeValueAsString(asWorkloadsFile(scaler)),
                    source).workloads().get(0));
        } catch (WorkloadConfigException e) {
            return new Translation.Invalid(e.problems().stream().map(p -> describe(source, p)).toList());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + source + " as a workload entry", e);
        }
    }

    /**
     * {@code {"workloads": [entry]}}: the spec's fields, the object's name and namespace, scaleTargetRef as target
     * (with its apiVersion unless that is apps/v1).
     */
    private ObjectNode asWorkloadsFile(PredictiveScaler scaler) {
        ObjectNode entry = json.valueToTree(scaler.getSpec());
        entry.put("name", scaler.getMetadata().getName());
        entry.put("namespace", scaler.getMetadata().getNamespace());
        ObjectNode ref = (ObjectNode) entry.remove("scaleTargetRef");
        if (ref != null) {
            if (ref.path("apiVersion").isMissingNode() || APPS.contains(ref.path("apiVersion").asText())) {
                ref.remove("apiVersion");
            }
            entry.set("target", ref);
        }
        ObjectNode file = json.createObjectNode();
        ArrayNode workloads = file.putArray("workloads");
        workloads.add(entry);
        return file;
    }

    /** {@code PredictiveScaler ns/name: spec.scaleTargetRef.kind: unknown kind 'Rollout'; …}. */
    private static String describe(String source, ConfigProblem problem) {
        if (problem.field() == null) {
            return source + ": " + problem.message();
        }
        String field = problem.field();
        String path = field.equals("name") || field.equals("namespace") ? "metadata." + field
                : "spec." + field.replaceFirst("^target", "scaleTargetRef");
        return source + ": " + path + ": " + problem.message();
    }
}
