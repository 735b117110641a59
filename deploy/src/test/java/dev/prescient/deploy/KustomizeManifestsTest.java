package dev.prescient.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Renders the base and every overlay with {@code kubectl kustomize} and checks the objects users
 * will apply: typed and free of unknown fields, least-privilege RBAC, hardened containers, a
 * CronJob that never overlaps, a predictor reachable only from the actuator and Prometheus, and
 * its API token required in prod.
 */
class KustomizeManifestsTest {

    private static final Map<String, Rendered> RENDERED = new HashMap<>();

    /**
     * Every rule the actuator may hold, as apiGroup/resource:verb; nothing else is allowed. Replicas are written only
     * through {@code /scale}: no patch on the workloads themselves.
     */
    private static final Set<String> ACTUATOR_RULES = Set.of(
            "apps/deployments:get", "apps/deployments:list", "apps/deployments:watch",
            "apps/statefulsets:get", "apps/statefulsets:list", "apps/statefulsets:watch",
            "apps/deployments/scale:patch", "apps/statefulsets/scale:patch",
            "/pods:list", "/pods:watch",
            "autoscaling/horizontalpodautoscalers:get", "autoscaling/horizontalpodautoscalers:list",
            "autoscaling/horizontalpodautoscalers:watch", "autoscaling/horizontalpodautoscalers:patch",
            "/events:create",
            "prescient.dev/predictivescalers:get", "prescient.dev/predictivescalers:list",
            "prescient.dev/predictivescalers:watch", "prescient.dev/predictivescalers:patch",
            "prescient.dev/predictivescalers/status:update", "prescient.dev/predictivescalers/status:patch");
    /** What trainer and predictor may do where they read the catalogue from the cluster: read PredictiveScalers. */
    private static final Set<String> READER_RULES = Set.of(
            "prescient.dev/predictivescalers:get", "prescient.dev/predictivescalers:list",
            "prescient.dev/predictivescalers:watch");
    private static final Set<String> LEASE_RULES = Set.of(
            "coordination.k8s.io/leases:get", "coordination.k8s.io/leases:create", "coordination.k8s.io/leases:update");

    @BeforeAll
    static void render() throws Exception {
        for (String dir : new String[] {"k8s/base", "k8s/overlays/dev", "k8s/overlays/prod"}) {
            RENDERED.put(dir, Rendered.kustomize(dir));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"k8s/base", "k8s/overlays/dev", "k8s/overlays/prod"})
    void everyObjectIsATypedKubernetesObjectWithoutUnknownFields(String dir) {
        Rendered rendered = RENDERED.get(dir);
        assertThat(rendered.objects).hasSizeGreaterThanOrEqualTo(15);
        for (HasMetadata object : rendered.objects) {
            assertThat(Rendered.unknownFields(object))
                    .as("%s: %s %s", dir, object.getKind(), object.getMetadata().getName()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"k8s/base", "k8s/overlays/dev", "k8s/overlays/prod"})
    void rbacGrantsTheActuatorExactlyItsListedRulesAndTheOthersAtMostToReadTheCatalogue(String dir) {
        Rendered rendered = RENDERED.get(dir);
        boolean fromCluster = !dir.equals("k8s/base"); // both overlays read the workloads from PredictiveScalers
        Map<String, Set<String>> clusterRoles = new TreeMap<>();
        rendered.all(ClusterRole.class).forEach(r -> clusterRoles.put(r.getMetadata().getName(),
                rules(r.getRules().stream())));
        Set<String> namespacedRules = rules(rendered.all(Role.class).flatMap(r -> r.getRules().stream()));
        assertThat(clusterRoles).containsOnlyKeys(fromCluster
                ? List.of("prescient-actuator", "prescient-catalog-reader") : List.of("prescient-actuator"));
        assertThat(clusterRoles.get("prescient-actuator")).containsExactlyInAnyOrderElementsOf(ACTUATOR_RULES);
        if (fromCluster) {
            assertThat(clusterRoles.get("prescient-catalog-reader")).containsExactlyInAnyOrderElementsOf(READER_RULES);
        }
        assertThat(namespacedRules).containsExactlyInAnyOrderElementsOf(LEASE_RULES);
        assertThat(Stream.concat(rendered.all(ClusterRole.class).flatMap(r -> r.getRules().stream()),
                rendered.all(Role.class).flatMap(r -> r.getRules().stream())))
                .allSatisfy(rule -> {
                    assertThat(rule.getVerbs()).doesNotContain("*");
                    assertThat(rule.getResources()).doesNotContain("*");
                    assertThat(rule.getApiGroups()).doesNotContain("*");
                });

        Map<String, Set<String>> rolesBySubject = new TreeMap<>();
        rendered.all(ClusterRoleBinding.class).forEach(b -> {
            assertThat(b.getRoleRef().getName()).isNotEqualTo("cluster-admin");
            b.getSubjects().forEach(s -> rolesBySubject.computeIfAbsent(s.getName(), k -> new TreeSet<>())
                    .add(b.getRoleRef().getName()));
        });
        rendered.all(RoleBinding.class).forEach(b -> b.getSubjects().forEach(s -> rolesBySubject
                .computeIfAbsent(s.getName(), k -> new TreeSet<>()).add(b.getRoleRef().getName())));
        Map<String, Set<String>> expected = new TreeMap<>(Map.of("prescient-actuator",
                Set.of("prescient-actuator", "prescient-actuator-leader-election")));
        if (fromCluster) {
            expected.put("prescient-trainer", Set.of("prescient-catalog-reader"));
            expected.put("prescient-predictor", Set.of("prescient-catalog-reader"));
        }
        assertThat(rolesBySubject).isEqualTo(expected);
        for (String account : List.of("prescient-trainer", "prescient-predictor")) {
            assertThat(rendered.one(ServiceAccount.class, account).getAutomountServiceAccountToken())
                    .as("%s: %s mounts an API token only to read the catalogue", dir, account).isEqualTo(fromCluster);
        }
        PodSpec predictor = pods(rendered).get("prescient-predictor");
        assertThat(predictor.getServiceAccountName()).isEqualTo("prescient-predictor");
        assertThat(predictor.getAutomountServiceAccountToken()).isEqualTo(fromCluster);
        PodSpec trainer = pods(rendered).get("prescient-trainer");
        assertThat(trainer.getAutomountServiceAccountToken()).isEqualTo(fromCluster);
        List<String> settings = List.of("PRESCIENT_CATALOG_SOURCE");
        assertThat(rendered.all(ConfigMap.class).filter(c -> c.getMetadata().getName().startsWith("prescient-settings"))
                .map(c -> c.getData().get(settings.get(0))))
                .containsExactly(fromCluster ? "kubernetes" : null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"k8s/base", "k8s/overlays/dev", "k8s/overlays/prod"})
    void theNetworkPolicyAdmitsThePredictorPortOnlyFromTheActuatorAndPrometheus(String dir) {
        Rendered rendered = RENDERED.get(dir);
        NetworkPolicy policy = rendered.one(NetworkPolicy.class, "prescient-predictor");
        Deployment predictor = rendered.one(Deployment.class, "prescient-predictor");
        Deployment actuator = rendered.one(Deployment.class, "prescient-actuator");

        assertThat(policy.getMetadata().getNamespace()).isEqualTo(predictor.getMetadata().getNamespace());
        assertThat(predictor.getSpec().getTemplate().getMetadata().getLabels())
                .as("the policy selects the predictor's pods")
                .containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());
        assertThat(actuator.getSpec().getTemplate().getMetadata().getLabels())
                .doesNotContainEntry("app.kubernetes.io/name", "prescient-predictor");
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");

        List<NetworkPolicyIngressRule> rules = policy.getSpec().getIngress();
        assertThat(rules).hasSize(2).allSatisfy(rule -> {
            assertThat(rule.getFrom()).as("a rule without peers admits everyone").hasSize(1);
            assertThat(rule.getPorts()).hasSize(1).allSatisfy(port -> {
                assertThat(port.getProtocol()).isEqualTo("TCP");
                assertThat(port.getPort().getStrVal()).isEqualTo("http");
            });
        });
        assertThat(predictor.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts())
                .as("the port the policy names is the predictor's 8080")
                .anySatisfy(p -> assertThat(p).extracting("name", "containerPort").containsExactly("http", 8080));

        NetworkPolicyPeer fromActuator = rules.get(0).getFrom().get(0);
        assertThat(fromActuator.getNamespaceSelector()).as("the actuator in the predictor's own namespace").isNull();
        assertThat(fromActuator.getIpBlock()).isNull();
        assertThat(actuator.getSpec().getTemplate().getMetadata().getLabels())
                .as("the first rule selects the actuator's pods")
                .containsAllEntriesOf(fromActuator.getPodSelector().getMatchLabels());

        NetworkPolicyPeer fromPrometheus = rules.get(1).getFrom().get(0);
        assertThat(fromPrometheus.getIpBlock()).isNull();
        assertThat(fromPrometheus.getNamespaceSelector().getMatchLabels())
                .isEqualTo(Map.of("kubernetes.io/metadata.name", "monitoring"));
        assertThat(fromPrometheus.getPodSelector().getMatchLabels())
                .isEqualTo(Map.of("app.kubernetes.io/name", "prometheus"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"k8s/base", "k8s/overlays/dev", "k8s/overlays/prod"})
    void prodRequiresThePredictorTokenTheActuatorSendsItAndTheOthersLeaveItOff(String dir) {
        Map<String, PodSpec> pods = pods(RENDERED.get(dir));
        boolean prod = dir.endsWith("prod");
        Map<String, String> keys = Map.of("prescient-predictor", "PRESCIENT_PREDICTOR_AUTH_TOKEN_FILE",
                "prescient-actuator", "PRESCIENT_ACTUATOR_PREDICTOR_TOKEN_FILE");
        keys.forEach((owner, key) -> {
            PodSpec pod = pods.get(owner);
            Container c = pod.getContainers().get(0);
            Volume token = pod.getVolumes().stream().filter(v -> v.getSecret() != null
                    && "prescient-predictor-token".equals(v.getSecret().getSecretName())).findFirst()
                    .orElseThrow(() -> new AssertionError(dir + " " + owner + " mounts no prescient-predictor-token"));
            VolumeMount mount = c.getVolumeMounts().stream().filter(m -> m.getName().equals(token.getName()))
                    .findFirst().orElseThrow();
            assertThat(mount.getReadOnly()).as(owner + " token mount read-only").isTrue();
            assertThat(token.getSecret().getOptional()).as(dir + " " + owner + " Secret optional").isEqualTo(!prod);

            List<String> file = c.getEnv().stream().filter(e -> e.getName().equals(key)).map(EnvVar::getValue).toList();
            if (prod) {
                assertThat(file).as(dir + " " + owner + " " + key).containsExactly(mount.getMountPath() + "/token");
            } else {
                assertThat(file).as(dir + " " + owner + " has authentication off").isEmpty();
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"k8s/base", "k8s/overlays/dev", "k8s/overlays/prod"})
    void everyContainerIsNonRootReadOnlyWithoutCapabilitiesAndHasResources(String dir) {
        Rendered rendered = RENDERED.get(dir);
        Map<String, PodSpec> pods = pods(rendered);
        assertThat(pods).containsOnlyKeys("prescient-trainer", "prescient-predictor", "prescient-actuator");
        pods.forEach((owner, pod) -> {
            assertThat(pod.getContainers()).as(owner).isNotEmpty();
            for (Container c : pod.getContainers()) {
                String what = dir + " " + owner + "/" + c.getName();
                boolean nonRoot = Boolean.TRUE.equals(pod.getSecurityContext().getRunAsNonRoot())
                        || (c.getSecurityContext() != null && Boolean.TRUE.equals(c.getSecurityContext().getRunAsNonRoot()));
                assertThat(nonRoot).as(what + " runAsNonRoot").isTrue();
                assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).as(what + " readOnlyRootFilesystem").isTrue();
                assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).as(what + " allowPrivilegeEscalation").isFalse();
                assertThat(c.getSecurityContext().getCapabilities().getDrop()).as(what + " capabilities").containsExactly("ALL");
                assertThat(c.getResources().getRequests()).as(what + " requests").containsKeys("cpu", "memory");
                assertThat(c.getResources().getLimits()).as(what + " limits").containsKeys("cpu", "memory");
                assertThat(c.getVolumeMounts()).as(what + " writable /tmp on a read-only root")
                        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"k8s/base", "k8s/overlays/dev", "k8s/overlays/prod"})
    void servicesHaveProbesAndTheCronJobNeverOverlaps(String dir) {
        Rendered rendered = RENDERED.get(dir);
        rendered.all(Deployment.class).forEach(d -> {
            for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
                assertThat(c.getReadinessProbe()).as(d.getMetadata().getName() + " readiness").isNotNull();
                assertThat(c.getLivenessProbe()).as(d.getMetadata().getName() + " liveness").isNotNull();
                assertThat(c.getReadinessProbe().getHttpGet().getPath()).startsWith("/q/health/");
                assertThat(c.getLivenessProbe().getHttpGet().getPath()).startsWith("/q/health/");
            }
        });
        CronJob trainer = rendered.one(CronJob.class, "prescient-trainer");
        assertThat(trainer.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
        JobSpec job = trainer.getSpec().getJobTemplate().getSpec();
        assertThat(job.getBackoffLimit() != null || job.getBackoffLimitPerIndex() != null)
                .as("retries are bounded, for the Job or per index").isTrue();
        assertThat(trainer.getSpec().getJobTemplate().getSpec().getActiveDeadlineSeconds()).isPositive();
        assertThat(trainer.getSpec().getSuccessfulJobsHistoryLimit()).isNotNull();
        assertThat(trainer.getSpec().getFailedJobsHistoryLimit()).isNotNull();
        assertThat(trainer.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
                .startsWith("train");
    }

    @ParameterizedTest
    @ValueSource(strings = {"k8s/base", "k8s/overlays/dev", "k8s/overlays/prod"})
    void s3CredentialsComeFromASecretReferenceReadOnlyForThePredictor(String dir) {
        Map<String, PodSpec> pods = pods(RENDERED.get(dir));
        Map<String, String> secretOf = Map.of("prescient-trainer", "prescient-s3",
                "prescient-predictor", "prescient-s3-readonly");
        secretOf.forEach((owner, secret) -> {
            Container c = pods.get(owner).getContainers().get(0);
            assertThat(c.getEnvFrom()).as(owner).extracting(EnvFromSource::getSecretRef)
                    .filteredOn(java.util.Objects::nonNull).extracting(ref -> ref.getName())
                    .as(owner + " S3 credentials Secret").containsExactly(secret);
            assertThat(c.getEnv()).as(owner + " has no literal secret").noneSatisfy(e ->
                    assertThat(e.getName()).containsIgnoringCase("SECRET"));
            assertThat(c.getEnv()).as(owner + " takes no key from another Secret").noneSatisfy(e ->
                    assertThat(e.getValueFrom() == null ? null : e.getValueFrom().getSecretKeyRef()).isNotNull());
        });
        assertThat(pods.get("prescient-actuator").getContainers().get(0).getEnvFrom())
                .as("the actuator needs no S3 credentials").extracting(EnvFromSource::getSecretRef)
                .allSatisfy(ref -> assertThat(ref).isNull());
    }

    @org.junit.jupiter.api.Test
    void theDevOverlayCreatesBothS3SecretsAndTheOthersLeaveThemToTheOperator() {
        assertThat(RENDERED.get("k8s/overlays/dev").all(io.fabric8.kubernetes.api.model.Secret.class))
                .extracting(s -> s.getMetadata().getName())
                .containsExactlyInAnyOrder("prescient-s3", "prescient-s3-readonly");
        for (String dir : new String[] {"k8s/base", "k8s/overlays/prod"}) {
            assertThat(RENDERED.get(dir).all(io.fabric8.kubernetes.api.model.Secret.class)).as(dir).isEmpty();
        }
    }

    @org.junit.jupiter.api.Test
    void prodRunsTwoOfEachServiceBehindABudgetAndDevOne() {
        Rendered prod = RENDERED.get("k8s/overlays/prod");
        assertThat(prod.one(Deployment.class, "prescient-predictor").getSpec().getReplicas()).isEqualTo(2);
        assertThat(prod.one(Deployment.class, "prescient-actuator").getSpec().getReplicas()).isEqualTo(2);
        assertThat(prod.one(PodDisruptionBudget.class, "prescient-predictor").getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
        assertThat(prod.all(ServiceMonitor.class)).hasSize(2);

        Rendered dev = RENDERED.get("k8s/overlays/dev");
        assertThat(dev.one(Deployment.class, "prescient-predictor").getSpec().getReplicas()).isEqualTo(1);
        assertThat(dev.one(Deployment.class, "prescient-actuator").getSpec().getReplicas()).isEqualTo(1);
        assertThat(dev.all(PodDisruptionBudget.class)).isEmpty();
    }

    /**
     * The sharded-trainer component in prod: one COUNT for the pods (completions), how many run at once
     * (parallelism) and how many shards each pod splits the workloads into (PRESCIENT_TRAIN_SHARDS), and
     * retries per index only, never for a bad setting (exit code 2).
     */
    @org.junit.jupiter.api.Test
    void prodTrainsAsAnIndexedJobWhosePodsAgreeOnTheShardCount() {
        JobSpec job = RENDERED.get("k8s/overlays/prod").one(CronJob.class, "prescient-trainer").getSpec()
                .getJobTemplate().getSpec();
        Container trainer = job.getTemplate().getSpec().getContainers().get(0);
        Map<String, String> env = new HashMap<>();
        trainer.getEnv().forEach(e -> env.put(e.getName(), e.getValue()));

        assertThat(job.getCompletionMode()).isEqualTo("Indexed");
        assertThat(job.getCompletions()).as("COUNT").isGreaterThanOrEqualTo(2);
        assertThat(job.getParallelism()).as("parallelism = COUNT").isEqualTo(job.getCompletions());
        assertThat(env).as("PRESCIENT_TRAIN_SHARDS = COUNT")
                .containsEntry("PRESCIENT_TRAIN_SHARDS", job.getCompletions().toString());
        assertThat(env).as("the index comes from Kubernetes").doesNotContainKey("JOB_COMPLETION_INDEX");
        assertThat(trainer.getArgs()).as("no --shard/--shards overriding the environment")
                .noneSatisfy(arg -> assertThat(arg).startsWith("--shard"));

        assertThat(job.getBackoffLimitPerIndex()).isPositive();
        assertThat(job.getBackoffLimit()).as("no Job-wide limit letting one shard stop the others").isNull();
        assertThat(job.getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(job.getPodFailurePolicy().getRules()).anySatisfy(rule -> {
            assertThat(rule.getAction()).isEqualTo("FailIndex");
            assertThat(rule.getOnExitCodes().getContainerName()).isEqualTo(trainer.getName());
            assertThat(rule.getOnExitCodes().getOperator()).isEqualTo("In");
            assertThat(rule.getOnExitCodes().getValues()).containsExactly(2);
        });
        assertThat(job.getActiveDeadlineSeconds()).as("the nightly window").isEqualTo(7200L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"k8s/base", "k8s/overlays/dev"})
    void withoutTheComponentOnePodTrainsEveryWorkload(String dir) {
        JobSpec job = RENDERED.get(dir).one(CronJob.class, "prescient-trainer").getSpec().getJobTemplate().getSpec();

        assertThat(job.getCompletionMode()).isNull();
        assertThat(job.getCompletions()).isNull();
        assertThat(job.getTemplate().getSpec().getContainers().get(0).getEnv())
                .noneSatisfy(e -> assertThat(e.getName()).isEqualTo("PRESCIENT_TRAIN_SHARDS"));
    }

    private static Set<String> rules(Stream<PolicyRule> rules) {
        Set<String> out = new TreeSet<>();
        rules.forEach(rule -> rule.getApiGroups().forEach(group -> rule.getResources().forEach(resource ->
                rule.getVerbs().forEach(verb -> out.add(group + "/" + resource + ":" + verb)))));
        return out;
    }

    private static Map<String, PodSpec> pods(Rendered rendered) {
        Map<String, PodSpec> pods = new HashMap<>();
        rendered.all(Deployment.class).forEach(d -> pods.put(d.getMetadata().getName(), d.getSpec().getTemplate().getSpec()));
        rendered.all(CronJob.class).forEach(c -> pods.put(c.getMetadata().getName(),
                c.getSpec().getJobTemplate().getSpec().getTemplate().getSpec()));
        return pods;
    }
}
