package dev.prescient.crd.catalog;

import dev.prescient.common.config.WorkloadCatalog;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.crd.PredictiveScaler;
import dev.prescient.crd.catalog.PredictiveScalerTranslator.Translation;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The workloads of the PredictiveScaler objects in a cluster, watched: an object created, changed or deleted is in
 * {@link #all()} as soon as the watch delivers it, so the next cycle of every service acts on it without a restart.
 * Each object is translated once per {@code resourceVersion} ({@link PredictiveScalerTranslator}); an invalid one is
 * left out and its problems logged once and kept for its status ({@link #rejected()}). Of two objects on the same
 * target, the older keeps it and the newer is left out, as two entries in one workloads.yaml would be refused. An
 * object being deleted (its {@code deletionTimestamp} set while a finalizer holds it) is out of the catalogue at
 * once: no service acts on it any more, and the actuator finishes its deletion ({@link #objects()}).
 */
public final class KubernetesWorkloadCatalog implements WorkloadCatalog, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KubernetesWorkloadCatalog.class);

    private final SharedIndexInformer<PredictiveScaler> informer;
    private final String scope;
    private final PredictiveScalerTranslator translator = new PredictiveScalerTranslator();
    private final Map<String, Translated> translations = new ConcurrentHashMap<>();
    private volatile Map<String, String> conflicts = Map.of();

    private record Translated(String resourceVersion, Translation translation) {
    }

    /**
     * @param namespace the one namespace to watch; empty: all namespaces
     */
    public KubernetesWorkloadCatalog(KubernetesClient client, Optional<String> namespace) {
        var resources = client.resources(PredictiveScaler.class);
        this.informer = namespace.map(ns -> resources.inNamespace(ns).runnableInformer(0))
                .orElseGet(() -> resources.inAnyNamespace().runnableInformer(0));
        this.scope = namespace.map(ns -> "namespace " + ns).orElse("all namespaces");
        informer.addEventHandler(new Changes());
    }

    /**
     * Lists and starts watching; returns once the first list is in.
     *
     * @throws IllegalStateException naming the scope and the likely causes when the list fails or takes too long
     */
    public KubernetesWorkloadCatalog start(Duration timeout) {
        try {
            informer.start().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            informer.stop();
            throw new IllegalStateException("cannot list PredictiveScalers in " + scope + " within " + timeout
                    + ": is the CRD installed (k8s/base/predictivescalers.prescient.dev.yaml) and may this service "
                    + "account get, list and watch predictivescalers.prescient.dev?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            informer.stop();
            throw new IllegalStateException("interrupted while listing PredictiveScalers in " + scope, e);
        }
        LOG.infof("workload catalogue: %d PredictiveScaler(s) in %s, %d valid", informer.getStore().list().size(),
                scope, all().size());
        return this;
    }

    @Override
    public List<WorkloadSpec> all() {
        List<PredictiveScaler> scalers = new ArrayList<>(informer.getStore().list());
        scalers.sort(Comparator.comparing(KubernetesWorkloadCatalog::created).thenComparing(PredictiveScaler::key));
        Map<String, String> targets = new HashMap<>();
        Map<String, String> found = new HashMap<>();
        List<WorkloadSpec> valid = new ArrayList<>();
        for (PredictiveScaler scaler : scalers) {
            if (scaler.isMarkedForDeletion()) {
                continue;
            }
            if (translated(scaler).translation() instanceof Translation.Valid v) {
                String target = v.spec().target().kind() + " " + v.spec().namespace() + "/" + v.spec().target().name();
                String first = targets.putIfAbsent(target, v.spec().key());
                if (first == null) {
                    valid.add(v.spec());
                } else {
                    found.put(scaler.key(), "PredictiveScaler " + scaler.key() + ": spec.scaleTargetRef: " + target
                            + " is already scaled by PredictiveScaler " + first + "; they would fight over it: give "
                            + "each object one PredictiveScaler");
                }
            }
        }
        found.forEach((key, problem) -> {
            if (!problem.equals(conflicts.get(key))) {
                LOG.warn(problem);
            }
        });
        conflicts = Map.copyOf(found);
        valid.sort(Comparator.comparing(WorkloadSpec::key));
        return valid;
    }

    /**
     * The objects left out, by key, with why (objects being deleted are not): for their status and for operators.
     */
    public Map<String, Rejection> rejected() {
        all(); // brings the translations and the conflicts up to date
        Map<String, Rejection> rejected = new HashMap<>();
        for (PredictiveScaler scaler : informer.getStore().list()) {
            Translated t = translations.get(scaler.key());
            if (!scaler.isMarkedForDeletion() && t != null && t.translation() instanceof Translation.Invalid invalid) {
                rejected.put(scaler.key(), new Rejection(Rejection.INVALID_SPEC, invalid.problems()));
            }
        }
        conflicts.forEach((key, problem) -> rejected.put(key, new Rejection(Rejection.TARGET_CONFLICT,
                List.of(problem))));
        return rejected;
    }

    /**
     * Every PredictiveScaler as last watched, those being deleted included, in no particular order: shared with the
     * watch, so read them and never change them.
     */
    public List<PredictiveScaler> objects() {
        return List.copyOf(informer.getStore().list());
    }

    /**
     * The PredictiveScaler {@code namespace/name} as last watched, status included; empty when the watch has none.
     * Shared with the watch: read it, never change it.
     */
    public Optional<PredictiveScaler> object(String key) {
        return Optional.ofNullable(informer.getStore().getByKey(key));
    }

    @Override
    public void close() {
        informer.stop();
    }

    private Translated translated(PredictiveScaler scaler) {
        String version = scaler.getMetadata().getResourceVersion();
        return translations.compute(scaler.key(), (key, known) -> {
            if (known != null && known.resourceVersion().equals(version)) {
                return known;
            }
            Translation translation = translator.translate(scaler);
            if (translation instanceof Translation.Invalid invalid) {
                LOG.warnf("PredictiveScaler %s (resourceVersion %s) is left out of the catalogue: %s", key, version,
                        String.join("; ", invalid.problems()));
            }
            return new Translated(version, translation);
        });
    }

    private static String created(PredictiveScaler scaler) {
        String created = scaler.getMetadata().getCreationTimestamp();
        return created == null ? "" : created;
    }

    /** Logs what changed, and forgets the translation of a deleted object. */
    private final class Changes implements ResourceEventHandler<PredictiveScaler> {
        @Override
        public void onAdd(PredictiveScaler scaler) {
            LOG.debugf("PredictiveScaler %s added (generation %s)", scaler.key(), scaler.getMetadata().getGeneration());
        }

        @Override
        public void onUpdate(PredictiveScaler before, PredictiveScaler after) {
            LOG.debugf("PredictiveScaler %s changed (generation %s)", after.key(), after.getMetadata().getGeneration());
        }

        @Override
        public void onDelete(PredictiveScaler scaler, boolean finalStateUnknown) {
            translations.remove(scaler.key());
            LOG.infof("PredictiveScaler %s deleted: its workload leaves the catalogue", scaler.key());
        }
    }
}
