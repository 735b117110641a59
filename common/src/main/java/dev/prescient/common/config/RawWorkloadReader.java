package dev.prescient.common.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.snakeyaml.error.Mark;
import com.fasterxml.jackson.dataformat.yaml.snakeyaml.error.MarkedYAMLException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns YAML text into {@link RawWorkload}s, collecting every structural problem (wrong shape,
 * unknown field) instead of stopping at the first. Values are not checked here. A YAML syntax
 * error ends the read at once, since nothing after it can be trusted.
 */
final class RawWorkloadReader {

    /** What was read for the workload at {@code position} (1-based); {@code raw} is null if unreadable. */
    record Entry(int position, String label, RawWorkload raw, Set<String> badFields) {
    }

    record Result(List<Entry> entries, List<ConfigProblem> problems) {
    }

    private static final String WORKLOADS = "workloads";
    private static final Pattern DUPLICATE_KEY = Pattern.compile("^Duplicate field '([^']*)'");

    private final YAMLMapper mapper = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    /**
     * @throws WorkloadConfigException with the line and column when the text is not valid YAML
     */
    Result read(String content, String file) {
        JsonNode root;
        try {
            root = mapper.readTree(content);
        } catch (JsonProcessingException e) {
            throw new WorkloadConfigException(file, List.of(new ConfigProblem(file, null, null, syntaxError(e))), e);
        }
        List<ConfigProblem> problems = new ArrayList<>();
        JsonNode workloads = workloadList(root, file, problems);
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; workloads != null && i < workloads.size(); i++) {
            entries.add(readWorkload(workloads.get(i), i + 1, file, problems));
        }
        return new Result(entries, problems);
    }

    /** The {@code workloads} list, or null after reporting why there is none. */
    private static JsonNode workloadList(JsonNode root, String file, List<ConfigProblem> problems) {
        if (root == null || root.isMissingNode() || root.isNull()) {
            problems.add(new ConfigProblem(file, null, null, "file is empty; list the workloads under 'workloads:'"));
            return null;
        }
        if (!root.isObject()) {
            problems.add(new ConfigProblem(file, null, null,
                    "expected a mapping with a 'workloads' list at the top, got " + shape(root)));
            return null;
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!WORKLOADS.equals(name)) {
                problems.add(new ConfigProblem(file, null, name, "unknown field; known fields: " + WORKLOADS));
            }
        }
        JsonNode workloads = root.get(WORKLOADS);
        String problem = workloads == null || workloads.isNull() ? "required but missing"
                : !workloads.isArray() ? "must be a list of workloads, got " + shape(workloads)
                : workloads.isEmpty() ? "empty; list at least one workload" : null;
        if (problem != null) {
            problems.add(new ConfigProblem(file, null, WORKLOADS, problem));
            return null;
        }
        return workloads;
    }

    private Entry readWorkload(JsonNode node, int position, String file, List<ConfigProblem> problems) {
        String label = RawWorkload.label(position, node.path("namespace").asText(""), node.path("name").asText(""));
        if (!node.isObject()) {
            problems.add(new ConfigProblem(file, label, null, "expected a mapping of fields, got " + shape(node)));
            return new Entry(position, label, null, Set.of());
        }
        ShapeProblemCollector collector = new ShapeProblemCollector();
        ObjectReader reader = mapper.readerFor(RawWorkload.class).withHandler(collector);
        RawWorkload raw = null;
        try {
            raw = reader.readValue(node);
        } catch (JsonMappingException e) {
            collector.add(pathOf(e), e.getOriginalMessage());
        } catch (IOException e) {
            collector.add(null, e.getMessage());
        }
        collector.problems().forEach((field, message) -> problems.add(new ConfigProblem(file, label, field, message)));
        return new Entry(position, label, raw, collector.problems().keySet());
    }

    private static String pathOf(JsonMappingException e) {
        String path = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "" + r.getIndex())
                .collect(Collectors.joining("."));
        return path.isEmpty() ? null : path;
    }

    /** Where and what: the YAML parser's problem mark when it has one, else Jackson's location. */
    private static String syntaxError(JsonProcessingException e) {
        if (e instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
            Mark at = yaml.getProblemMark();
            String context = yaml.getContext() == null ? "" : " (" + yaml.getContext() + ")";
            return "YAML syntax error at line " + (at.getLine() + 1) + ", column " + (at.getColumn() + 1) + ": "
                    + yaml.getProblem() + context;
        }
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        Matcher duplicate = DUPLICATE_KEY.matcher(e.getOriginalMessage());
        String what = duplicate.find() ? "duplicate key '" + duplicate.group(1) + "'; give each key once"
                : e.getOriginalMessage().strip().replaceAll("\\s*\\n\\s*", " ");
        return "YAML syntax error" + where + ": " + what;
    }

    /** How a node looks, for messages: {@code a list}, {@code a mapping}, {@code 'text'}. */
    static String shape(JsonNode node) {
        if (node.isArray()) {
            return "a list";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        return node.isNull() ? "nothing" : "'" + node.asText() + "'";
    }
}
