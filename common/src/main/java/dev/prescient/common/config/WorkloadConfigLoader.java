package dev.prescient.common.config;

import dev.prescient.common.model.WorkloadSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
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
        for (RawWorkloadReader.Entry entry : read.entries()) {
            if (entry.raw() != null) {
                validator.validate(entry).ifPresent(specs::add);
            }
        }
        reportDuplicates(read.entries(), sourceName, problems);
        if (!problems.isEmpty()) {
            throw new WorkloadConfigException(sourceName, problems);
        }
        return new WorkloadConfig(specs);
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
