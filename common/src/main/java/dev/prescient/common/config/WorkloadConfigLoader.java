package dev.prescient.common.config;

import dev.prescient.common.model.WorkloadSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads a workloads YAML file and validates it as a whole: either every workload is valid and a
 * {@link WorkloadConfig} is returned, or a {@link WorkloadConfigException} lists every problem.
 *
 * <pre>
 * workloads:
 *   - name: api
 *     namespace: payments
 *     target: {kind: Deployment, name: api}
 *     query: sum(rate(http_requests_total{job="api"}[5m]))
 *     capacityPerPod: 50
 *     minReplicas: 2
 *     maxReplicas: 20
 *     mode: hpa-floor
 * </pre>
 *
 * See {@code config/workloads.example.yaml} for every field and its default.
 */
public final class WorkloadConfigLoader {

    private static final RawWorkloadReader READER = new RawWorkloadReader();

    private WorkloadConfigLoader() {
    }

    /**
     * @throws WorkloadConfigException naming the path when the file is missing, unreadable or invalid
     */
    public static WorkloadConfig load(Path file) {
        String source = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new WorkloadConfigException(source, List.of(new ConfigProblem(source, null, null,
                    "file not found; create it (see config/workloads.example.yaml) or correct the path")));
        }
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), source);
        } catch (IOException e) {
            throw new WorkloadConfigException(source,
                    List.of(new ConfigProblem(source, null, null, "cannot read file: " + e)), e);
        }
    }

    /**
     * @param content YAML text
     * @param sourceName names the content in problems, usually the file name
     * @throws WorkloadConfigException listing every problem when the content is invalid
     */
    public static WorkloadConfig parse(String content, String sourceName) {
        RawWorkloadReader.Result read = READER.read(content, sourceName);
        List<ConfigProblem> problems = new ArrayList<>(read.problems());
        WorkloadValidator validator = new WorkloadValidator(sourceName, problems);
        List<WorkloadSpec> specs = new ArrayList<>();
        Map<WorkloadSpec, Integer> positions = new IdentityHashMap<>();
        for (RawWorkloadReader.Entry entry : read.entries()) {
            if (entry.raw() != null) {
                validator.validate(entry).ifPresent(spec -> {
                    specs.add(spec);
                    positions.put(spec, entry.position());
                });
            }
        }
        reportDuplicates(read.entries(), sourceName, problems);
        reportSharedTargets(specs, positions, sourceName, problems);
        if (!problems.isEmpty()) {
            throw new WorkloadConfigException(sourceName, problems);
        }
        return new WorkloadConfig(specs);
    }

    /**
     * Two workloads (of different names) on the same Deployment or StatefulSet would fight over it: each would patch
     * its replicas or its HPA's floor from its own forecast.
     */
    private static void reportSharedTargets(List<WorkloadSpec> specs, Map<WorkloadSpec, Integer> positions,
                                            String file, List<ConfigProblem> problems) {
        Map<String, WorkloadSpec> firstByTarget = new HashMap<>();
        for (WorkloadSpec spec : specs) {
            if (spec.target() == null) {
                continue; // its target field is already reported as invalid
            }
            String target = spec.target().kind() + " " + spec.namespace() + "/" + spec.target().name();
            WorkloadSpec first = firstByTarget.putIfAbsent(target, spec);
            if (first != null && !first.key().equals(spec.key())) {
                problems.add(new ConfigProblem(file, spec.key(), "target", "workloads " + first.key() + " (#"
                        + positions.get(first) + ") and " + spec.key() + " (#" + positions.get(spec)
                        + ") both target " + target + "; they would fight over it: give each object one workload"));
            }
        }
    }

    private static void reportDuplicates(List<RawWorkloadReader.Entry> entries, String file,
                                         List<ConfigProblem> problems) {
        Map<String, Integer> firstPosition = new HashMap<>();
        for (RawWorkloadReader.Entry entry : entries) {
            Optional<String> key = Optional.ofNullable(entry.raw())
                    .filter(raw -> raw.name() != null && raw.namespace() != null)
                    .map(raw -> raw.namespace().strip() + "/" + raw.name().strip());
            if (key.isEmpty()) {
                continue;
            }
            Integer first = firstPosition.putIfAbsent(key.get(), entry.position());
            if (first != null) {
                problems.add(new ConfigProblem(file, entry.label(), "name", "duplicate: workloads #" + first
                        + " and #" + entry.position() + " are both " + key.get()
                        + "; names must be unique within a namespace"));
            }
        }
    }
}
