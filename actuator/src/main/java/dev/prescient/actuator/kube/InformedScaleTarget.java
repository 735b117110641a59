package dev.prescient.actuator.kube;

import dev.prescient.common.model.TargetKind;
import dev.prescient.common.model.TargetRef;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * {@link ScaleTarget} whose reads come from fabric8 {@link SharedIndexInformer} caches (Deployments, StatefulSets,
 * HPAs indexed by the target they scale, Pods indexed by namespace), kept current by one watch per kind and
 * namespace, so a tick makes no GET or LIST per workload. Writes go to {@code writer} (patches carrying the
 * resourceVersion read, so a change the cache has not seen yet still gives 409); {@link #direct()} reads through
 * {@code writer} too, for the re-read after a conflict. A kind whose informer has not synced (not started yet, or
 * the watch is refused) is read directly, so a cold cache never makes a target look missing.
 */
public final class InformedScaleTarget extends ForwardingScaleTarget implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(InformedScaleTarget.class);
    private static final String BY_TARGET = "scaleTargetRef";

    private final List<SharedIndexInformer<Deployment>> deployments = new ArrayList<>();
    private final List<SharedIndexInformer<StatefulSet>> statefulSets = new ArrayList<>();
    private final List<SharedIndexInformer<HorizontalPodAutoscaler>> hpas = new ArrayList<>();
    private final List<SharedIndexInformer<Pod>> pods = new ArrayList<>();

    /**
     * Starts the informers and waits up to {@code syncTimeout} for their first list.
     *
     * @param namespaces the namespaces of the workloads: one informer per kind and namespace; empty = all namespaces
     *     (one informer per kind)
     * @param writer the direct access every write (and {@link #direct()}) goes to
     */
    public InformedScaleTarget(KubernetesClient client, Set<String> namespaces, ScaleTarget writer,
                               Duration syncTimeout) {
        super(writer);
        for (Optional<String> ns : scopes(namespaces)) {
            deployments.add(informer(client.apps().deployments(), ns, Map.of()));
            statefulSets.add(informer(client.apps().statefulSets(), ns, Map.of()));
            hpas.add(informer(client.autoscaling().v2().horizontalPodAutoscalers(), ns,
                    Map.of(BY_TARGET, InformedScaleTarget::targetKeys)));
            pods.add(informer(client.pods(), ns, Map.of()));
        }
        awaitSync(syncTimeout);
    }

    private static List<Optional<String>> scopes(Set<String> namespaces) {
        return namespaces.isEmpty() ? List.of(Optional.empty())
                : namespaces.stream().sorted().map(Optional::of).toList();
    }

    private static <T extends HasMetadata, L extends KubernetesResourceList<T>> SharedIndexInformer<T> informer(
            MixedOperation<T, L, ? extends Resource<T>> operation, Optional<String> namespace,
            Map<String, Function<T, List<String>>> indexers) {
        SharedIndexInformer<T> informer = namespace.map(ns -> operation.inNamespace(ns).runnableInformer(0))
                .orElseGet(() -> operation.inAnyNamespace().runnableInformer(0));
        if (!indexers.isEmpty()) {
            informer.addIndexers(indexers);
        }
        informer.start();
        return informer;
    }

    private void awaitSync(Duration timeout) {
        long until = System.nanoTime() + timeout.toNanos();
        for (SharedIndexInformer<?> informer : all()) {
            while (!informer.hasSynced() && System.nanoTime() < until) {
                try {
                    TimeUnit.MILLISECONDS.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (!informer.hasSynced()) {
                LOG.warnf("the cache of %s has not synced within %d s (is list/watch granted?); those reads go to the "
                        + "API server until it does", informer.getApiTypeClass().getSimpleName(), timeout.toSeconds());
            }
        }
    }

    private List<SharedIndexInformer<?>> all() {
        List<SharedIndexInformer<?>> all = new ArrayList<>();
        all.addAll(deployments);
        all.addAll(statefulSets);
        all.addAll(hpas);
        all.addAll(pods);
        return all;
    }

    /** {@code <namespace>/<group>/<Kind>/<name>} of the object the HPA scales. */
    private static List<String> targetKeys(HorizontalPodAutoscaler hpa) {
        if (hpa.getSpec() == null || hpa.getSpec().getScaleTargetRef() == null) {
            return List.of();
        }
        var ref = hpa.getSpec().getScaleTargetRef();
        return List.of(FabricScaleTarget.targetKey(hpa.getMetadata().getNamespace(),
                FabricScaleTarget.group(ref.getApiVersion()), ref.getKind(), ref.getName()));
    }

    /** Whether every informer of {@code kind} has synced, so its caches can answer for every namespace. */
    private static boolean synced(List<? extends SharedIndexInformer<?>> informers) {
        return informers.stream().allMatch(SharedIndexInformer::hasSynced);
    }

    @Override
    public Optional<TargetState> target(String namespace, TargetRef ref) {
        Optional<TargetKind> kind = ref.builtIn();
        if (kind.isEmpty()) {
            return inner.target(namespace, ref);
        }
        String key = Cache.namespaceKeyFunc(namespace, ref.name());
        if (kind.get() == TargetKind.Deployment) {
            if (!synced(deployments)) {
                return inner.target(namespace, ref);
            }
            return first(deployments, i -> i.getIndexer().getByKey(key)).map(d -> FabricScaleTarget.state(namespace,
                    ref, d, d.getSpec().getReplicas(), d.getSpec().getSelector()));
        }
        if (!synced(statefulSets)) {
            return inner.target(namespace, ref);
        }
        return first(statefulSets, i -> i.getIndexer().getByKey(key)).map(s -> FabricScaleTarget.state(namespace, ref,
                s, s.getSpec().getReplicas(), s.getSpec().getSelector()));
    }

    private static <T> Optional<T> first(List<SharedIndexInformer<T>> informers,
                                         Function<SharedIndexInformer<T>, T> read) {
        for (SharedIndexInformer<T> informer : informers) {
            T found = read.apply(informer);
            if (found != null) {
                return Optional.of(found);
            }
        }
        return Optional.empty();
    }

    @Override
    public List<HpaState> hpasFor(String namespace, TargetRef ref) {
        if (!synced(hpas)) {
            return inner.hpasFor(namespace, ref);
        }
        String key = FabricScaleTarget.targetKey(namespace, ref.group(), ref.kind(), ref.name());
        return hpas.stream().flatMap(i -> i.getIndexer().byIndex(BY_TARGET, key).stream())
                .sorted(Comparator.comparing(h -> h.getMetadata().getName()))
                .map(FabricScaleTarget::hpaState)
                .toList();
    }

    @Override
    public List<PodStartup> podStartups(String namespace, Map<String, String> selector) {
        if (selector.isEmpty()) {
            return List.of();
        }
        if (!synced(pods)) {
            return inner.podStartups(namespace, selector);
        }
        List<PodStartup> startups = new ArrayList<>();
        for (SharedIndexInformer<Pod> informer : pods) {
            for (Pod pod : informer.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace)) {
                Map<String, String> labels = pod.getMetadata().getLabels();
                if (labels != null && labels.entrySet().containsAll(selector.entrySet())) {
                    FabricScaleTarget.startup(pod).ifPresent(startups::add);
                }
            }
        }
        return startups;
    }

    @Override
    public ScaleTarget direct() {
        return inner;
    }

    /** Stops every watch. */
    @Override
    public void close() {
        all().forEach(SharedIndexInformer::stop);
    }

    /** Informers started by {@link #InformedScaleTarget}, for the log line at start-up. */
    public int informers() {
        return all().size();
    }

}
