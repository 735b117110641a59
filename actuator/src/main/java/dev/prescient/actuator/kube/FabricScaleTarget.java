package dev.prescient.actuator.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prescient.common.model.TargetKind;
import dev.prescient.common.model.TargetRef;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@link ScaleTarget} over the fabric8 client. Changes are JSON merge patches (a retune of the HPA: one JSON Patch,
 * which changes single list entries) that carry the resourceVersion they were decided on, so a concurrent change
 * makes them fail with 409 instead of overwriting it; never a PUT of the whole object or of a Scale. Replicas are
 * written through the target's {@code /scale} subresource ({@code deployments/scale}, {@code statefulsets/scale},
 * {@code rollouts/scale}, …), the one write RBAC needs on the target; Deployments and StatefulSets are read as objects
 * (annotations and selector), any other kind through its {@code /scale} and a GET of the object for its annotations.
 */
public final class FabricScaleTarget implements ScaleTarget {

    /** {@code reportingComponent} of the Events this actuator writes. */
    public static final String COMPONENT = "prescient-actuator";

    private static final ResourceDefinitionContext HPAS = new ResourceDefinitionContext.Builder()
            .withGroup("autoscaling").withVersion("v2").withPlural("horizontalpodautoscalers")
            .withKind("HorizontalPodAutoscaler").withNamespaced(true).build();
    private static final ObjectMapper READER = new ObjectMapper();

    private final KubernetesClient client;
    private final String identity;
    private final ScaleResources resources;
    private final Patches patches;

    /**
     * @param identity this actuator instance (pod name), written as the Events' reporting instance
     */
    public FabricScaleTarget(KubernetesClient client, String identity) {
        this.client = client;
        this.identity = identity;
        this.resources = new ScaleResources(client);
        this.patches = new Patches(client);
    }

    @Override
    public Optional<TargetState> target(String namespace, TargetRef ref) {
        ResourceDefinitionContext context = resources.of(ref);
        String resource = ScaleResources.rbacName(context);
        Optional<TargetKind> kind = ref.builtIn();
        if (kind.isEmpty()) {
            return scalable(namespace, ref, context, resource);
        }
        return call("get", resource, namespace, () -> {
            if (kind.get() == TargetKind.Deployment) {
                Deployment d = client.apps().deployments().inNamespace(namespace).withName(ref.name()).get();
                return Optional.ofNullable(d).map(x -> state(namespace, ref, x, x.getSpec().getReplicas(),
                        x.getSpec().getSelector()));
            }
            StatefulSet s = client.apps().statefulSets().inNamespace(namespace).withName(ref.name()).get();
            return Optional.ofNullable(s).map(x -> state(namespace, ref, x, x.getSpec().getReplicas(),
                    x.getSpec().getSelector()));
        });
    }

    /** Any other kind: the object for its annotations and uid, its Scale for replicas, selector and version. */
    private Optional<TargetState> scalable(String namespace, TargetRef ref, ResourceDefinitionContext context,
                                           String resource) {
        var object = client.genericKubernetesResources(context).inNamespace(namespace).withName(ref.name());
        GenericKubernetesResource read = call("get", resource, namespace, object::get);
        if (read == null) {
            return Optional.empty();
        }
        Scale scale = call("get", resource + "/scale", namespace, object::scale);
        if (scale == null) {
            return Optional.empty();
        }
        Integer replicas = scale.getSpec() == null ? null : scale.getSpec().getReplicas();
        String selector = scale.getStatus() == null ? null : scale.getStatus().getSelector();
        Map<String, String> annotations = read.getMetadata().getAnnotations();
        return Optional.of(new TargetState(namespace, ref, read.getMetadata().getUid(),
                scale.getMetadata().getResourceVersion(), replicas == null ? 0 : replicas,
                annotations == null ? Map.of() : annotations, ScaleSelector.matchLabels(selector)));
    }

    static TargetState state(String namespace, TargetRef ref, HasMetadata object, Integer replicas,
                                     LabelSelector selector) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        Map<String, String> labels = selector == null ? null : selector.getMatchLabels();
        return new TargetState(namespace, ref, object.getMetadata().getUid(),
                object.getMetadata().getResourceVersion(), replicas == null ? 1 : replicas,
                annotations == null ? Map.of() : annotations, labels == null ? Map.of() : labels);
    }

    @Override
    public List<HpaState> hpasFor(String namespace, TargetRef ref) {
        return call("list", HpaState.RESOURCE, namespace, () -> client.autoscaling().v2().horizontalPodAutoscalers()
                .inNamespace(namespace).list().getItems().stream()
                .filter(h -> targets(h, ref))
                .sorted(Comparator.comparing(h -> h.getMetadata().getName()))
                .map(FabricScaleTarget::hpaState)
                .toList());
    }

    /** Kind, name and the API group of the apiVersion, as the HPA controller resolves its scaleTargetRef. */
    private static boolean targets(HorizontalPodAutoscaler hpa, TargetRef ref) {
        HorizontalPodAutoscalerSpec spec = hpa.getSpec();
        if (spec == null || spec.getScaleTargetRef() == null) {
            return false;
        }
        var target = spec.getScaleTargetRef();
        return targetKey("", group(target.getApiVersion()), target.getKind(), target.getName())
                .equals(targetKey("", ref.group(), ref.kind(), ref.name()));
    }

    /** {@code <namespace>/<group>/<Kind>/<name>}: what an HPA's scaleTargetRef and a workload's target must share. */
    static String targetKey(String namespace, String group, String kind, String name) {
        return namespace + "/" + group + "/" + kind + "/" + name;
    }

    /** The API group of an apiVersion ({@code apps/v1} → {@code apps}, {@code v1} → empty). */
    static String group(String apiVersion) {
        if (apiVersion == null) {
            return "";
        }
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    static HpaState hpaState(HorizontalPodAutoscaler hpa) {
        Integer min = hpa.getSpec().getMinReplicas();
        Map<String, String> annotations = hpa.getMetadata().getAnnotations() == null ? Map.of()
                : hpa.getMetadata().getAnnotations();
        return new HpaState(hpa.getMetadata().getName(), hpa.getMetadata().getResourceVersion(),
                min == null ? 1 : min, hpa.getSpec().getMaxReplicas(), HpaSpecs.tuning(hpa.getSpec()),
                annotations.containsKey(HpaState.ORIGINAL_ANNOTATION),
                originalMin(annotations.get(HpaState.ORIGINAL_MIN_ANNOTATION)));
    }

    /** The recorded floor; empty when absent or not a whole number ≥ 1 (then it is recorded again). */
    private static OptionalInt originalMin(String text) {
        if (text == null) {
            return OptionalInt.empty();
        }
        try {
            int value = Integer.parseInt(text.strip());
            return value >= 1 ? OptionalInt.of(value) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** Merge patch of {@code spec.replicas} on {@code <resource>/scale}, carrying the resourceVersion read. */
    @Override
    public void patchReplicas(TargetState target, int replicas) {
        ResourceDefinitionContext context = resources.of(target.ref());
        String body = guardedPatch(target.resourceVersion(), Map.of(), "replicas", replicas);
        call("patch", ScaleResources.rbacName(context) + "/scale", target.namespace(), () -> {
            patches.patch(Patches.path(context, target.namespace(), target.name(), "scale"), Patches.MERGE, body);
            return null;
        });
    }

    @Override
    public void patchHpaFloor(String namespace, HpaState hpa, int minReplicas) {
        Map<String, String> record = hpa.floorRaised() || minReplicas == hpa.minReplicas() ? Map.of()
                : Map.of(HpaState.ORIGINAL_MIN_ANNOTATION, String.valueOf(hpa.minReplicas()));
        String body = guardedPatch(hpa.resourceVersion(), record, "minReplicas", minReplicas);
        patchHpa(namespace, hpa.name(), Patches.MERGE, body);
    }

    @Override
    public void restoreHpaFloor(String namespace, HpaState hpa) {
        if (hpa.originalMinReplicas().isEmpty()) {
            return;
        }
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode metadata = root.putObject("metadata");
        metadata.put("resourceVersion", hpa.resourceVersion());
        metadata.putObject("annotations").putNull(HpaState.ORIGINAL_MIN_ANNOTATION);
        root.putObject("spec").put("minReplicas", hpa.originalMinReplicas().getAsInt());
        patchHpa(namespace, hpa.name(), Patches.MERGE, root.toString());
    }

    /** Hands the HPA back whole with one JSON Patch ({@link HpaHandbackPatch#body}), as {@link #patchAsRead} does. */
    @Override
    public void handBackHpa(String namespace, HpaState hpa) {
        if (!hpa.floorRaised() && !hpa.originalRecorded()) {
            return;
        }
        patchAsRead(namespace, hpa, "hand back", HpaHandbackPatch::body);
    }

    /**
     * Gives the HPA its own tuning back with the floor in one JSON Patch ({@link HpaHandbackPatch#tuningBody}), as
     * {@link #patchAsRead} does; only the floor when no tuning is recorded.
     */
    @Override
    public void restoreHpaTuning(String namespace, HpaState hpa, int minReplicas) {
        if (!hpa.originalRecorded()) {
            ScaleTarget.super.restoreHpaTuning(namespace, hpa, minReplicas);
            return;
        }
        patchAsRead(namespace, hpa, "restore the tuning of", read -> HpaHandbackPatch.tuningBody(read, minReplicas));
    }

    /**
     * Reads the HPA again as JSON (the patch restores what its annotations recorded), refuses with a conflict when it
     * changed since {@code hpa} was read, and applies the JSON Patch {@code body} builds from it (none when empty).
     */
    private void patchAsRead(String namespace, HpaState hpa, String verb,
                             java.util.function.Function<JsonNode, String> body) {
        call("patch", HpaState.RESOURCE, namespace, () -> {
            HorizontalPodAutoscaler current = client.autoscaling().v2().horizontalPodAutoscalers()
                    .inNamespace(namespace).withName(hpa.name()).get();
            String operation = verb + " HorizontalPodAutoscaler " + namespace + "/" + hpa.name();
            if (current == null || !hpa.resourceVersion().equals(current.getMetadata().getResourceVersion())) {
                throw new TargetConflictException(operation + " (resourceVersion " + hpa.resourceVersion() + " is "
                        + (current == null ? "gone" : "now " + current.getMetadata().getResourceVersion()) + ")", null);
            }
            String patch = body.apply(json(client.getKubernetesSerialization().asJson(current)));
            if (!patch.isEmpty()) {
                patches.patch(Patches.path(HPAS, namespace, hpa.name(), null), Patches.JSON_PATCH, patch);
            }
            return null;
        });
    }

    private void patchHpa(String namespace, String name, String contentType, String body) {
        call("patch", HpaState.RESOURCE, namespace, () -> {
            patches.patch(Patches.path(HPAS, namespace, name, null), contentType, body);
            return null;
        });
    }

    /**
     * Reads the HPA again as JSON (the patch must know which parents exist and record the original), refuses with a
     * conflict when it changed since {@code hpa} was read, and patches it with one JSON Patch ({@link HpaRetunePatch}).
     */
    @Override
    public void retuneHpa(String namespace, HpaState hpa, HpaTuning tuning, int minReplicas) {
        call("patch", HpaState.RESOURCE, namespace, () -> {
            var resource = client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(namespace)
                    .withName(hpa.name());
            HorizontalPodAutoscaler current = resource.get();
            String operation = "retune HorizontalPodAutoscaler " + namespace + "/" + hpa.name();
            if (current == null || !hpa.resourceVersion().equals(current.getMetadata().getResourceVersion())) {
                throw new TargetConflictException(operation + " (resourceVersion " + hpa.resourceVersion() + " is "
                        + (current == null ? "gone" : "now " + current.getMetadata().getResourceVersion()) + ")", null);
            }
            JsonNode read = json(client.getKubernetesSerialization().asJson(current));
            patches.patch(Patches.path(HPAS, namespace, hpa.name(), null), Patches.JSON_PATCH,
                    HpaRetunePatch.body(read, tuning, minReplicas));
            return null;
        });
    }

    private static JsonNode json(String text) {
        try {
            return READER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read back the HPA the client just serialised: " + e.getMessage(), e);
        }
    }

    /**
     * {@code {"metadata":{"resourceVersion":…[,"annotations":{…}]},"spec":{field:value}}}: the API server refuses it
     * with 409 if stale.
     */
    private static String guardedPatch(String resourceVersion, Map<String, String> annotations, String field,
                                       int value) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode metadata = root.putObject("metadata");
        metadata.put("resourceVersion", resourceVersion);
        if (!annotations.isEmpty()) {
            ObjectNode added = metadata.putObject("annotations");
            annotations.forEach(added::put);
        }
        root.putObject("spec").put(field, value);
        return root.toString();
    }

    @Override
    public List<PodStartup> podStartups(String namespace, Map<String, String> selector) {
        if (selector.isEmpty()) {
            return List.of();
        }
        List<Pod> pods = call("list", "pods", namespace,
                () -> client.pods().inNamespace(namespace).withLabels(selector).list().getItems());
        List<PodStartup> startups = new ArrayList<>();
        for (Pod pod : pods) {
            startup(pod).ifPresent(startups::add);
        }
        return startups;
    }

    /** Empty for a Pod not scheduled yet. */
    static Optional<PodStartup> startup(Pod pod) {
        List<PodCondition> conditions = pod.getStatus() == null || pod.getStatus().getConditions() == null
                ? List.of() : pod.getStatus().getConditions();
        Optional<Instant> scheduled = condition(conditions, "PodScheduled").flatMap(FabricScaleTarget::trueSince)
                .or(() -> Optional.ofNullable(pod.getMetadata().getCreationTimestamp()).map(Instant::parse));
        if (scheduled.isEmpty()) {
            return Optional.empty();
        }
        Optional<Instant> ready = condition(conditions, "ContainersReady")
                .or(() -> condition(conditions, "Ready"))
                .flatMap(FabricScaleTarget::trueSince);
        int restarts = pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null ? 0
                : pod.getStatus().getContainerStatuses().stream()
                        .mapToInt(c -> c.getRestartCount() == null ? 0 : c.getRestartCount()).sum();
        String name = pod.getMetadata().getName();
        String uid = pod.getMetadata().getUid() == null ? name : pod.getMetadata().getUid();
        return Optional.of(new PodStartup(uid, name, scheduled.get(), ready, restarts));
    }

    private static Optional<PodCondition> condition(List<PodCondition> conditions, String type) {
        return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    /** When the condition turned True, empty while it is not True. */
    private static Optional<Instant> trueSince(PodCondition condition) {
        return Optional.of(condition)
                .filter(c -> "True".equals(c.getStatus()))
                .map(PodCondition::getLastTransitionTime)
                .filter(t -> !t.isBlank())
                .map(Instant::parse);
    }

    @Override
    public void record(String namespace, TargetRef ref, Optional<String> uid, TargetEvent event) {
        Instant now = Instant.now();
        String time = DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
        String name = ref.name() + "." + Long.toHexString(now.toEpochMilli()) + "."
                + UUID.randomUUID().toString().substring(0, 8);
        var built = new EventBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewInvolvedObject()
                .withApiVersion(ref.apiVersion()).withKind(ref.kind()).withName(ref.name())
                .withNamespace(namespace).withUid(uid.orElse(null))
                .endInvolvedObject()
                .withType(event.type()).withReason(event.reason()).withMessage(event.message())
                .withFirstTimestamp(time).withLastTimestamp(time).withCount(1)
                .withEventTime(new MicroTime(DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.MICROS))))
                .withAction(event.reason())
                .withReportingComponent(COMPONENT).withReportingInstance(identity)
                .withNewSource().withComponent(COMPONENT).withHost(identity).endSource()
                .build();
        call("create", "events", namespace, () -> client.v1().events().inNamespace(namespace).resource(built).create());
    }

    /** Runs a call, turning 403 and 409 into the exceptions the loop handles. */
    static <T> T call(String verb, String resource, String namespace, Supplier<T> action) {
        try {
            return action.get();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403) {
                throw new TargetForbiddenException(verb, resource, namespace, e);
            }
            if (e.getCode() == 409) {
                throw new TargetConflictException(verb + " " + resource + " in " + namespace, e);
            }
            throw e;
        }
    }
}
