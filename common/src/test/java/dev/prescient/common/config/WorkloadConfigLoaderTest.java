package dev.prescient.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.model.Slo;
import dev.prescient.common.model.TargetKind;
import dev.prescient.common.model.TargetRef;
import dev.prescient.common.model.WorkloadSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WorkloadConfigLoaderTest {

    private static final String FILE = "workloads.yaml";
    private static final String ABSENT = "<absent>";
    private static final String DURATION_FORMS =
            "use a whole number with unit s, m, h or d (30s, 5m, 2h, 3d) or ISO-8601 (PT5M)";
    private static final String KNOWN_FIELDS = "capacityPerPod, fallbackReplicas, history, horizon, maxReplicas,"
            + " minReplicas, mode, name, namespace, query, slo, startupDelay, step, target, targetUtilization";

    /** A valid workload; each case changes a few fields of it. */
    private static Map<String, String> baseWorkload() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("name", "api");
        fields.put("namespace", "payments");
        fields.put("target", "{kind: Deployment, name: api}");
        fields.put("query", "sum(rate(http_requests_total{job=\"api\"}[5m]))");
        fields.put("capacityPerPod", "50");
        fields.put("minReplicas", "2");
        fields.put("maxReplicas", "20");
        fields.put("mode", "hpa-floor");
        return fields;
    }

    /** YAML with one workload: the base with {@code changes} (field, value; ABSENT removes) applied. */
    private static String workloadYaml(List<String> changes) {
        Map<String, String> fields = baseWorkload();
        for (int i = 0; i < changes.size(); i += 2) {
            if (ABSENT.equals(changes.get(i + 1))) {
                fields.remove(changes.get(i));
            } else {
                fields.put(changes.get(i), changes.get(i + 1));
            }
        }
        return "workloads:\n  - " + fields.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("\n    ")) + "\n";
    }

    static Stream<Arguments> invalidWorkloads() {
        return Stream.of(
                arguments(List.of("name", ABSENT), "#1", "name", "required but missing"),
                arguments(List.of("name", "''"), "#1", "name", "required but missing"),
                arguments(List.of("name", "Api_v2"), "payments/Api_v2", "name", "must be a DNS-1123 label (lowercase"
                        + " letters, digits and '-', at most 63, starting and ending with a letter or digit), got 'Api_v2'"),
                arguments(List.of("namespace", ABSENT), "#1 (api)", "namespace", "required but missing"),
                arguments(List.of("query", ABSENT), "payments/api", "query", "required but missing"),
                arguments(List.of("target", ABSENT), "payments/api", "target",
                        "required but missing; give its kind (Deployment, StatefulSet) and name"),
                arguments(List.of("target", "{name: api}"), "payments/api", "target.kind", "required but missing"),
                arguments(List.of("target", "{kind: Deployment}"), "payments/api", "target.name", "required but missing"),
                arguments(List.of("target", "{kind: Pod, name: api}"), "payments/api", "target.kind",
                        "unknown kind 'Pod'; valid kinds: Deployment, StatefulSet, or any kind with a /scale subresource named"
                                + " with its apiVersion (e.g. apiVersion: argoproj.io/v1alpha1, kind: Rollout)"),
                arguments(List.of("target", "{apiVersion: 'argo/v1/x', kind: Rollout, name: api}"), "payments/api",
                        "target.apiVersion", "must be <group>/<version> or <version> (e.g. argoproj.io/v1alpha1), got"
                                + " 'argo/v1/x'"),
                arguments(List.of("target", "{apiVersion: argoproj.io/v1alpha1, kind: rollout, name: api}"),
                        "payments/api", "target.kind", "must be a kind in CamelCase (e.g. Rollout), got 'rollout'"),
                arguments(List.of("target", "Deployment/api"), "payments/api", "target",
                        "expected a mapping with kind and name, got 'Deployment/api'"),
                arguments(List.of("query", "[a, b]"), "payments/api", "query", "expected a single value, got a list"),
                arguments(List.of("capacityPerPod", "-1"), "payments/api", "capacityPerPod", "must be > 0, got -1"),
                arguments(List.of("capacityPerPod", "0"), "payments/api", "capacityPerPod", "must be > 0, got 0"),
                arguments(List.of("capacityPerPod", "fifty"), "payments/api", "capacityPerPod",
                        "must be a number, got 'fifty'"),
                arguments(List.of("capacityPerPod", ABSENT), "payments/api", "capacityPerPod", "required but missing"),
                arguments(List.of("targetUtilization", "0"), "payments/api", "targetUtilization",
                        "must be in (0, 1], got 0"),
                arguments(List.of("targetUtilization", "1.5"), "payments/api", "targetUtilization",
                        "must be in (0, 1], got 1.5"),
                arguments(List.of("targetUtilization", "-0.2"), "payments/api", "targetUtilization",
                        "must be in (0, 1], got -0.2"),
                arguments(List.of("minReplicas", "-1"), "payments/api", "minReplicas", "must be >= 0, got -1"),
                arguments(List.of("minReplicas", "2.5"), "payments/api", "minReplicas",
                        "must be a whole number, got '2.5'"),
                arguments(List.of("minReplicas", ABSENT), "payments/api", "minReplicas", "required but missing"),
                arguments(List.of("maxReplicas", "0"), "payments/api", "maxReplicas", "must be >= 1, got 0"),
                arguments(List.of("maxReplicas", ABSENT), "payments/api", "maxReplicas", "required but missing"),
                arguments(List.of("minReplicas", "5", "maxReplicas", "3"), "payments/api", "maxReplicas",
                        "must be >= minReplicas (5), got 3"),
                arguments(List.of("mode", "auto"), "payments/api", "mode",
                        "unknown mode 'auto'; valid modes: replicas, hpa-floor, dry-run"),
                arguments(List.of("mode", ABSENT), "payments/api", "mode",
                        "required but missing; valid modes: replicas, hpa-floor, dry-run"),
                arguments(List.of("history", "3days"), "payments/api", "history",
                        "cannot parse duration '3days'; " + DURATION_FORMS),
                arguments(List.of("step", "5 minutes"), "payments/api", "step",
                        "cannot parse duration '5 minutes'; " + DURATION_FORMS),
                arguments(List.of("horizon", "1.5h"), "payments/api", "horizon",
                        "cannot parse duration '1.5h'; " + DURATION_FORMS),
                arguments(List.of("startupDelay", "3min"), "payments/api", "startupDelay",
                        "cannot parse duration '3min'; " + DURATION_FORMS),
                arguments(List.of("step", "0s"), "payments/api", "step", "must be > 0, got 0s"),
                arguments(List.of("horizon", "PT-5M"), "payments/api", "horizon", "must be > 0, got PT-5M"),
                arguments(List.of("startupDelay", "0m"), "payments/api", "startupDelay", "must be > 0, got 0m"),
                arguments(List.of("horizon", "90s"), "payments/api", "horizon",
                        "must be a multiple of step (1m), got 90s"),
                arguments(List.of("step", "7m", "horizon", "35m"), "payments/api", "history",
                        "must be a multiple of step (7m), got 3d"),
                arguments(List.of("history", "1d"), "payments/api", "history",
                        "must be at least 2d (seasonal models need two daily cycles), got 1d"),
                arguments(List.of("history", "47h"), "payments/api", "history",
                        "must be at least 2d (seasonal models need two daily cycles), got 47h"),
                arguments(List.of("replicas", "3"), "payments/api", "replicas",
                        "unknown field; known fields: " + KNOWN_FIELDS),
                arguments(List.of("target", "{kind: Deployment, name: api, namespace: other}"), "payments/api",
                        "target.namespace", "unknown field; known fields: apiVersion, kind, name"),
                arguments(List.of("minReplicas", "0"), "payments/api", "minReplicas",
                        "must be >= 1 in hpa-floor mode (an HPA refuses minReplicas 0 without the HPAScaleToZero "
                                + "feature gate), got 0"),
                arguments(List.of("slo", "{maxShortMinutesPct: 0}"), "payments/api", "slo.maxShortMinutesPct",
                        "must be in (0, 50] percent of minutes, got 0"),
                arguments(List.of("slo", "{maxShortMinutesPct: 60}"), "payments/api", "slo.maxShortMinutesPct",
                        "must be in (0, 50] percent of minutes, got 60"),
                arguments(List.of("slo", "{maxShortMinutesPct: lots}"), "payments/api", "slo.maxShortMinutesPct",
                        "must be a number, got 'lots'"),
                arguments(List.of("slo", "{minutes: 1}"), "payments/api", "slo.minutes",
                        "unknown field; known fields: demandQuery, maxShortMinutesPct"),
                arguments(List.of("slo", "{demandQuery: '  '}"), "payments/api", "slo.demandQuery",
                        "must be a PromQL expression giving the demand per minute in the unit of 'query' (e.g. a rate "
                                + "over 1m), or left out to judge the SLO on 'query' itself; got a blank"),
                arguments(List.of("fallbackReplicas", "1"), "payments/api", "fallbackReplicas",
                        "must be within [minReplicas, maxReplicas] = [2, 20], got 1"),
                arguments(List.of("fallbackReplicas", "many"), "payments/api", "fallbackReplicas",
                        "must be a whole number, got 'many'"));
    }

    @ParameterizedTest(name = "{0} -> {2}: {3}")
    @MethodSource("invalidWorkloads")
    void reportsInvalidWorkloadNamingFileWorkloadFieldAndReason(List<String> changes, String workload, String field,
                                                                String message) {
        WorkloadConfigException e = rejected(workloadYaml(changes));

        ConfigProblem expected = new ConfigProblem(FILE, workload, field, message);
        assertThat(e.problems()).containsExactly(expected);
        assertThat(e.getMessage()).endsWith("\n" + FILE + ": workload " + workload + ": field " + field + ": " + message);
    }

    static Stream<Arguments> invalidFiles() {
        String valid = workloadYaml(List.of()).substring("workloads:\n".length());
        return Stream.of(
                arguments("empty file", "", null, null, "file is empty; list the workloads under 'workloads:'"),
                arguments("only comments", "# nothing yet\n", null, null,
                        "file is empty; list the workloads under 'workloads:'"),
                arguments("empty list", "workloads: []\n", null, "workloads", "empty; list at least one workload"),
                arguments("no list", "workloads:\n", null, "workloads", "required but missing"),
                arguments("scalar list", "workloads: api\n", null, "workloads", "must be a list of workloads, got 'api'"),
                arguments("top-level list", "- name: api\n", null, null,
                        "expected a mapping with a 'workloads' list at the top, got a list"),
                arguments("unknown top-level field", "defaults: {}\nworkloads:\n" + valid, null, "defaults",
                        "unknown field; known fields: workloads"),
                arguments("workload not a mapping", "workloads:\n  - api\n", "#1", null,
                        "expected a mapping of fields, got 'api'"),
                arguments("syntax error", "workloads:\n  - name: api\n    query: : :\n", null, null,
                        "YAML syntax error at line 3, column 12: mapping values are not allowed here"),
                arguments("unclosed flow mapping", "workloads:\n  - target: {kind: Deployment\n", null, null,
                        "YAML syntax error at line 3, column 1: expected ',' or '}', but got <stream end>"
                                + " (while parsing a flow mapping)"),
                arguments("bad indentation", "workloads:\n  - name: api\n   query: q\n", null, null,
                        "YAML syntax error at line 3, column 4: expected <block end>, but found"
                                + " '<block mapping start>' (while parsing a block collection)"),
                arguments("duplicate key", "workloads:\n  - name: api\n    name: web\n", null, null,
                        "YAML syntax error at line 3, column 11: duplicate key 'name'; give each key once"),
                arguments("duplicate workload", "workloads:\n" + valid + valid, "payments/api", "name",
                        "duplicate: workloads #1 and #2 are both payments/api; names must be unique within a namespace"),
                arguments("two workloads on one target", "workloads:\n" + valid
                                + valid.replace("- name: api", "- name: api-canary"), "payments/api-canary", "target",
                        "workloads payments/api (#1) and payments/api-canary (#2) both target Deployment payments/api;"
                                + " they would fight over it: give each object one workload"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFiles")
    void reportsInvalidFileNamingWhatIsWrong(String description, String content, String workload, String field,
                                             String message) {
        WorkloadConfigException e = rejected(content);

        assertThat(e.problems()).containsExactly(new ConfigProblem(FILE, workload, field, message));
        assertThat(e.getMessage()).startsWith("invalid workload configuration " + FILE + " (1 problem)");
    }

    /** Different names, kinds or namespaces make different objects: each workload has its own target. */
    @Test
    void acceptsWorkloadsOnObjectsThatDifferInNameKindOrNamespace() {
        String valid = workloadYaml(List.of()).substring("workloads:\n".length());
        String content = "workloads:\n" + valid
                + valid.replace("- name: api", "- name: web").replace("name: api}", "name: web}")
                + valid.replace("- name: api", "- name: db").replace("kind: Deployment", "kind: StatefulSet")
                + valid.replace("namespace: payments", "namespace: shop");

        assertThat(WorkloadConfigLoader.parse(content, FILE).keys())
                .containsExactly("payments/api", "payments/web", "payments/db", "shop/api");
    }

    @Test
    void reportsEveryProblemOfEveryWorkloadAtOnce() {
        String content = """
                workloads:
                  - name: api
                    namespace: payments
                    target: {kind: Pod, name: api}
                    query: q
                    capacityPerPod: -1
                    minReplicas: 5
                    maxReplicas: 3
                    history: 1d
                    mode: auto
                    colour: blue
                  - namespace: shop
                    target: {kind: Deployment}
                    capacityPerPod: 10
                    minReplicas: 0
                    maxReplicas: 2
                    step: 5min
                    mode: replicas
                """;

        WorkloadConfigException e = rejected(content);

        List<String> lines = List.of(
                "workloads.yaml: workload payments/api: field colour: unknown field; known fields: " + KNOWN_FIELDS,
                "workloads.yaml: workload payments/api: field target.kind: unknown kind 'Pod'; valid kinds:"
                        + " Deployment, StatefulSet, or any kind with a /scale subresource named with its apiVersion"
                        + " (e.g. apiVersion: argoproj.io/v1alpha1, kind: Rollout)",
                "workloads.yaml: workload payments/api: field capacityPerPod: must be > 0, got -1",
                "workloads.yaml: workload payments/api: field maxReplicas: must be >= minReplicas (5), got 3",
                "workloads.yaml: workload payments/api: field history: must be at least 2d (seasonal models need"
                        + " two daily cycles), got 1d",
                "workloads.yaml: workload payments/api: field mode: unknown mode 'auto'; valid modes: replicas,"
                        + " hpa-floor, dry-run",
                "workloads.yaml: workload #2: field name: required but missing",
                "workloads.yaml: workload #2: field target.name: required but missing",
                "workloads.yaml: workload #2: field query: required but missing",
                "workloads.yaml: workload #2: field step: cannot parse duration '5min'; " + DURATION_FORMS);
        assertThat(e.problems()).map(ConfigProblem::toString).containsExactlyElementsOf(lines);
        assertThat(e.getMessage()).isEqualTo("invalid workload configuration workloads.yaml (10 problems);"
                + " fix every line below and load it again:\n" + String.join("\n", lines));
    }

    @Test
    void buildsEveryFieldOfAFullWorkload() {
        String content = workloadYaml(List.of("targetUtilization", "0.8", "history", "P4D", "step", "30s",
                "horizon", "PT45M", "startupDelay", "90s", "target", "{kind: StatefulSet, name: api-db}"));

        WorkloadConfig config = WorkloadConfigLoader.parse(content, FILE);

        assertThat(config.workloads()).containsExactly(new WorkloadSpec("api", "payments",
                new TargetRef(TargetKind.StatefulSet, "api-db"), "sum(rate(http_requests_total{job=\"api\"}[5m]))",
                50, 0.8, 2, 20, Duration.ofDays(4), Duration.ofSeconds(30), Duration.ofMinutes(45),
                Optional.of(Duration.ofSeconds(90)), ScalingMode.HPA_FLOOR));
    }

    @Test
    void namesAnyScalableKindByItsApiVersion() {
        String content = workloadYaml(List.of("target", "{apiVersion: argoproj.io/v1alpha1, kind: Rollout, name: api}"));

        TargetRef target = WorkloadConfigLoader.parse(content, FILE).workloads().get(0).target();

        assertThat(target).isEqualTo(new TargetRef("argoproj.io/v1alpha1", "Rollout", "api"));
        assertThat(target.group()).isEqualTo("argoproj.io");
        assertThat(target.builtIn()).isEmpty();
        assertThat(new TargetRef(TargetKind.StatefulSet, "db").builtIn()).contains(TargetKind.StatefulSet);
        assertThat(new TargetRef("apps/v1", "Deployment", "db").builtIn()).contains(TargetKind.Deployment);
    }

    @Test
    void appliesDefaultsToFieldsLeftOut() {
        WorkloadSpec spec = WorkloadConfigLoader.parse(workloadYaml(List.of()), FILE).workloads().get(0);

        assertThat(spec.targetUtilization()).isEqualTo(WorkloadSpec.DEFAULT_TARGET_UTILIZATION);
        assertThat(spec.history()).isEqualTo(WorkloadSpec.DEFAULT_HISTORY);
        assertThat(spec.step()).isEqualTo(WorkloadSpec.DEFAULT_STEP);
        assertThat(spec.horizon()).isEqualTo(WorkloadSpec.DEFAULT_HORIZON);
        assertThat(spec.startupDelay()).isEmpty();
        assertThat(spec.horizonSteps()).isEqualTo(30);
        assertThat(spec.historySteps()).isEqualTo(3 * 1440);
    }

    @Test
    void acceptsQuotedNumbersAndDurationsExactlyAtTheLimits() {
        String content = workloadYaml(List.of("capacityPerPod", "'0.5'", "targetUtilization", "1",
                "minReplicas", "0", "maxReplicas", "1", "history", "2d", "horizon", "1m", "mode", "replicas",
                "slo", "{maxShortMinutesPct: '50'}", "fallbackReplicas", "'0'"));

        WorkloadSpec spec = WorkloadConfigLoader.parse(content, FILE).workloads().get(0);

        assertThat(spec.capacityPerPod()).isEqualTo(0.5);
        assertThat(spec.targetUtilization()).isEqualTo(1.0);
        assertThat(spec.minReplicas()).isZero();
        assertThat(spec.maxReplicas()).isEqualTo(1);
        assertThat(spec.history()).isEqualTo(Duration.ofDays(2));
        assertThat(spec.slo().maxShortMinutesPct()).isEqualTo(50.0);
        assertThat(spec.fallbackReplicas()).hasValue(0);
    }

    @Test
    void loadsTheShippedExampleFile() {
        Path example = Path.of(System.getProperty("basedir", "."), "..", "config", "workloads.example.yaml")
                .normalize();

        WorkloadConfig config = WorkloadConfigLoader.load(example);

        assertThat(config.keys()).containsExactly("payments/api", "shop/checkout");
        WorkloadSpec api = config.get("payments/api");
        assertThat(api.query()).isEqualTo("sum(rate(http_requests_total{job=\"api\"}[5m]))");
        assertThat(api.startupDelay()).contains(Duration.ofMinutes(3));
        assertThat(api.mode()).isEqualTo(ScalingMode.HPA_FLOOR);
        assertThat(api.slo().demandQuery()).contains("sum(rate(http_requests_total{job=\"api\"}[1m]))");
        WorkloadSpec checkout = config.get("shop/checkout");
        assertThat(checkout.target()).isEqualTo(new TargetRef(TargetKind.StatefulSet, "checkout"));
        assertThat(checkout.history()).isEqualTo(WorkloadSpec.DEFAULT_HISTORY);
        assertThat(checkout.mode()).isEqualTo(ScalingMode.DRY_RUN);
        assertThat(checkout.slo()).isEqualTo(Slo.DEFAULT);
    }

    @Test
    void loadsAFileFromDisk(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("workloads.yaml");
        Files.writeString(file, workloadYaml(List.of()));

        assertThat(WorkloadConfigLoader.load(file).keys()).containsExactly("payments/api");
    }

    @Test
    void namesTheFullPathInProblemsOfALoadedFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("workloads.yaml");
        Files.writeString(file, workloadYaml(List.of("capacityPerPod", "-1")));

        assertThatThrownBy(() -> WorkloadConfigLoader.load(file))
                .hasMessageEndingWith("\n" + file + ": workload payments/api: field capacityPerPod: must be > 0, got -1");
    }

    @Test
    void reportsAMissingFileWithItsPath(@TempDir Path dir) {
        Path missing = dir.resolve("nowhere/workloads.yaml");

        WorkloadConfigException e = catchThrowableOfType(WorkloadConfigException.class,
                () -> WorkloadConfigLoader.load(missing));

        assertThat(e.problems()).containsExactly(new ConfigProblem(missing.toString(), null, null,
                "file not found; create it (see config/workloads.example.yaml) or correct the path"));
        assertThat(e.getMessage()).contains(missing + ": file not found");
    }

    private static WorkloadConfigException rejected(String content) {
        WorkloadConfigException e = catchThrowableOfType(WorkloadConfigException.class,
                () -> WorkloadConfigLoader.parse(content, FILE));
        assertThat(e).as("expected the configuration to be rejected:\n%s", content).isNotNull();
        return e;
    }
}
