package dev.prescient.actuator.kube;

import dev.prescient.common.model.TargetKind;
import dev.prescient.common.model.TargetRef;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a target's {@code /scale} subresource lives: {@code deployments} and {@code statefulsets} in {@code apps/v1}
 * without asking; any other kind found once by API discovery of its apiVersion ({@code GET /apis/<group>/<version>}),
 * which must list {@code <plural>/scale}. A failed lookup is not kept, so a CRD installed later is found next tick.
 */
public final class ScaleResources {

    private static final Map<TargetKind, ResourceDefinitionContext> BUILT_IN = Map.of(
            TargetKind.Deployment, context(TargetKind.GROUP, "v1", "deployments", "Deployment"),
            TargetKind.StatefulSet, context(TargetKind.GROUP, "v1", "statefulsets", "StatefulSet"));

    private final KubernetesClient client;
    private final Map<String, ResourceDefinitionContext> discovered = new ConcurrentHashMap<>();

    public ScaleResources(KubernetesClient client) {
        this.client = client;
    }

    /**
     * @throws TargetNotScalableException when the API server does not serve the kind, or serves it without
     *     {@code /scale}
     */
    public ResourceDefinitionContext of(TargetRef ref) {
        Optional<TargetKind> builtIn = ref.builtIn();
        if (builtIn.isPresent()) {
            return BUILT_IN.get(builtIn.get());
        }
        ResourceDefinitionContext known = discovered.get(ref.apiVersion() + "|" + ref.kind());
        if (known != null) {
            return known;
        }
        ResourceDefinitionContext found = discover(ref);
        discovered.put(ref.apiVersion() + "|" + ref.kind(), found);
        return found;
    }

    private ResourceDefinitionContext discover(TargetRef ref) {
        APIResourceList resources = FabricScaleTarget.call("get", "the API discovery of " + ref.apiVersion(), "",
                () -> client.getApiResources(ref.apiVersion()));
        if (resources == null || resources.getResources() == null) {
            throw new TargetNotScalableException(ref, "the API server does not serve " + ref.apiVersion()
                    + " (is its CustomResourceDefinition installed?)");
        }
        APIResource resource = resources.getResources().stream()
                .filter(r -> ref.kind().equals(r.getKind()) && !r.getName().contains("/"))
                .findFirst()
                .orElseThrow(() -> new TargetNotScalableException(ref, ref.apiVersion() + " has no kind "
                        + ref.kind()));
        boolean scalable = resources.getResources().stream()
                .anyMatch(r -> (resource.getName() + "/scale").equals(r.getName()));
        if (!scalable) {
            throw new TargetNotScalableException(ref, ref.kind() + " (" + resource.getName() + "." + ref.group()
                    + ") has no /scale subresource");
        }
        String version = ref.apiVersion().substring(ref.apiVersion().indexOf('/') + 1);
        return new ResourceDefinitionContext.Builder().withGroup(ref.group()).withVersion(version)
                .withPlural(resource.getName()).withKind(ref.kind())
                .withNamespaced(Boolean.TRUE.equals(resource.getNamespaced())).build();
    }

    private static ResourceDefinitionContext context(String group, String version, String plural, String kind) {
        return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withPlural(plural)
                .withKind(kind).withNamespaced(true).build();
    }

    /** {@code deployments.apps}, {@code rollouts.argoproj.io}: the resource as RBAC names it. */
    public static String rbacName(ResourceDefinitionContext context) {
        return context.getPlural() + (context.getGroup() == null || context.getGroup().isEmpty() ? ""
                : "." + context.getGroup());
    }
}
