package dev.prescient.actuator.loop;

import dev.prescient.actuator.kube.DecisionStatus;
import dev.prescient.actuator.kube.DetachedScaleTarget;
import dev.prescient.actuator.kube.FabricScaleTarget;
import dev.prescient.actuator.kube.FencedScaleTarget;
import dev.prescient.actuator.kube.InformedScaleTarget;
import dev.prescient.actuator.kube.LeaseLeadership;
import dev.prescient.actuator.kube.LeaseSettings;
import dev.prescient.actuator.kube.Leadership;
import dev.prescient.actuator.kube.PredictiveScalerStatusWriter;
import dev.prescient.actuator.kube.ScaleTarget;
import dev.prescient.actuator.kube.ScalerWrites;
import dev.prescient.actuator.kube.StartupDelayEstimator;
import dev.prescient.actuator.kube.StatusRecommendations;
import dev.prescient.actuator.kube.StatusWriter;
import dev.prescient.crd.catalog.CatalogConfig;
import dev.prescient.crd.catalog.KubernetesWorkloadCatalog;
import dev.prescient.crd.catalog.WorkloadCatalogs;
import dev.prescient.common.config.WorkloadCatalog;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.PolicySettings;
import dev.prescient.common.policy.ScalingPolicy;
import dev.prescient.common.series.HistorySource;
import dev.prescient.common.series.prometheus.PrometheusConfig;
import dev.prescient.common.series.prometheus.PrometheusHistorySource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.Optional;
import java.util.UUID;

/** Wires the actuator from its configuration; every part is a plain class that tests can build alone. */
@Singleton
public class ActuatorBeans {

    private static final Logger LOG = Logger.getLogger(ActuatorBeans.class);

    private final ActuatorConfig config;
    private final CatalogConfig catalog;
    private Optional<PrometheusHistorySource> prometheus = Optional.empty();
    private Optional<InformedScaleTarget> informed = Optional.empty();
    private String identity;

    public ActuatorBeans(ActuatorConfig config, CatalogConfig catalog) {
        this.config = config;
        this.catalog = catalog;
    }

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * The workloads.yaml of {@code prescient.actuator.workloads-file}, or the PredictiveScalers of the cluster with
     * {@code prescient.catalog.source=kubernetes}.
     *
     * @throws IllegalStateException naming both keys when the catalogue is the cluster but Kubernetes is off
     */
    @Produces
    @Singleton
    WorkloadCatalog workloads(KubernetesClient client) {
        if (catalog.source() == CatalogConfig.Source.KUBERNETES && !config.kubernetes().enabled()) {
            throw new IllegalStateException("prescient.catalog.source=kubernetes needs a cluster, but "
                    + "prescient.actuator.kubernetes.enabled=false: enable Kubernetes or read a workloads file");
        }
        return WorkloadCatalogs.open(catalog, config::workloadsFile, () -> client);
    }

    void closeWorkloads(@Disposes WorkloadCatalog workloads) {
        WorkloadCatalogs.close(workloads);
    }

    @Produces
    @Singleton
    PolicySettings policySettings() {
        return PolicyFactory.settings(config);
    }

    @Produces
    @Singleton
    ScalingPolicy policy(PolicySettings settings) {
        return new ScalingPolicy(settings);
    }

    @Produces
    @Singleton
    LoopSettings loopSettings() {
        return LoopSettings.from(config);
    }

    /**
     * Every write is fenced: made only after this instance confirmed, right before it, that it still leads. Events
     * are queued and written off the decision path by the {@link AsyncWriter}.
     */
    @Produces
    @Singleton
    ScaleTarget scaleTarget(KubernetesClient client, WorkloadCatalog workloads, Leadership leadership,
                            AsyncWriter writer) {
        if (!config.kubernetes().enabled()) {
            return new DetachedScaleTarget(workloads);
        }
        ScaleTarget direct = new FabricScaleTarget(client, identity());
        if (!config.kubernetes().informers()) {
            return new QueuedEvents(new FencedScaleTarget(direct, leadership), writer);
        }
        // a watched catalogue can gain a workload in any namespace: its informers watch all (or the catalogue's one)
        Set<String> namespaces = catalog.source() == CatalogConfig.Source.KUBERNETES
                ? catalog.namespace().map(Set::of).orElse(Set.of())
                : new TreeSet<>(workloads.all().stream().map(WorkloadSpec::namespace).toList());
        InformedScaleTarget informed = new InformedScaleTarget(client,
                namespaces.size() > MAX_WATCHED_NAMESPACES ? Set.of() : namespaces, direct, INFORMER_SYNC);
        LOG.infof("reading targets, HPAs and Pods from %d informer caches (%s)", informed.informers(),
                namespaces.isEmpty() || namespaces.size() > MAX_WATCHED_NAMESPACES ? "all namespaces"
                        : String.join(", ", namespaces));
        this.informed = Optional.of(informed);
        return new QueuedEvents(new FencedScaleTarget(informed, leadership), writer);
    }

    /** Beyond this many namespaces of workloads, the informers watch all namespaces (one watch per kind). */
    static final int MAX_WATCHED_NAMESPACES = 10;
    /** How long shutdown lets the waiting Events and statuses be written before it hands the Lease back. */
    static final Duration WRITER_DRAIN = Duration.ofSeconds(5);
    /** How long start-up waits for the informers' first list. */
    static final Duration INFORMER_SYNC = Duration.ofSeconds(60);

    @Produces
    @Singleton
    ActuatorMetrics metrics(MeterRegistry registry) {
        return new ActuatorMetrics(registry);
    }

    /** Writes Events and statuses off the decision path. */
    @Produces
    @Singleton
    AsyncWriter writer(Leadership leadership, ActuatorMetrics metrics, OnceReporter problems) {
        return new AsyncWriter(AsyncWriter.Settings.from(config.writes()), leadership, metrics, problems,
                System::nanoTime);
    }

    @Produces
    @Singleton
    OnceReporter problems() {
        return new OnceReporter();
    }

    @Produces
    @Singleton
    Leadership leadership(KubernetesClient client, ActuatorMetrics metrics) {
        ActuatorConfig.LeaderElection le = config.leaderElection();
        Leadership leadership = le.enabled() && config.kubernetes().enabled()
                ? new LeaseLeadership(client, new LeaseSettings(leaseNamespace(client), le.leaseName(), identity(),
                        le.leaseDuration(), le.renewDeadline(), le.retryPeriod(), true))
                : Leadership.always(identity());
        metrics.leader(leadership);
        return leadership;
    }

    @Produces
    @Singleton
    WorkloadReconciler reconciler(@RestClient PredictorApi predictor, ScaleTarget kube, ScalingPolicy policy,
                                  ActuatorMetrics metrics, OnceReporter problems, PrometheusConfig prometheusConfig,
                                  LoopSettings limits, WorkloadCatalog workloads) {
        ActuatorConfig.StartupDelay sd = config.startupDelay();
        StartupDelays delays = new StartupDelays(kube, new StartupDelayEstimator(sd.minPods(), sd.maxPods()),
                limits.startupDelayFallback(), limits.maxStartupDelay(), metrics, problems);
        DemandObserver observed = new DemandObserver(history(prometheusConfig), policy.settings());
        return new WorkloadReconciler(new WorkloadReconciler.Parts(fetcher(predictor, limits, metrics), kube, policy,
                memory(policy, workloads), delays, observed,
                new DecisionReporter(kube, metrics, problems), metrics, problems, config.conflictRetries(),
                new WorkloadDemotions(PolicyFactory.demotion(config), kube, metrics, problems)),
                config.hpaFloor().handbackAfter());
    }

    private ForecastFetcher fetcher(PredictorApi predictor, LoopSettings limits, ActuatorMetrics metrics) {
        ActuatorConfig.Predictor p = config.predictor();
        // the batch call and its retries take at most half the tick, leaving the rest to the workloads
        return new ForecastFetcher(predictor, p.retries(), p.backoff(), p.maxBackoff(),
                limits.tickDeadline().dividedBy(2), limits.maxClockSkew(), metrics, p.batchSize(), p.breakerDelay());
    }

    @Produces
    @Singleton
    ActuatorLoop loop(WorkloadCatalog workloads, WorkloadReconciler reconciler, Leadership leadership,
                      LoopSettings limits, KubernetesClient client, AsyncWriter writer) {
        return new ActuatorLoop(workloads, reconciler, leadership, limits.tickDeadline(), limits.concurrency(),
                Optional.of(limits.workloadDeadline()), System::nanoTime, statusWriter(client, reconciler, writer),
                writer);
    }

    /**
     * With PredictiveScalers, each cycle first keeps them: the finalizer that restores an HPA floor on deletion, and
     * the status of the objects the catalogue leaves out.
     */
    @Produces
    @Singleton
    ScalerUpkeep upkeep(WorkloadCatalog workloads, ScaleTarget kube, Leadership leadership, ActuatorLoop loop,
                        OnceReporter problems, KubernetesClient client, WorkloadReconciler reconciler) {
        if (!(workloads instanceof KubernetesWorkloadCatalog cluster)) {
            return ScalerUpkeep.NONE;
        }
        ScalerWrites writes = new ScalerWrites(client, leadership);
        return new ScalerUpkeep(cluster, leadership, new DeletionFinalizer(kube, writes, problems, loop::isRunning),
                new RejectedScalers(writes, new DecisionStatus(reconciler.parts().memory().retention()), problems));
    }

    /**
     * Workloads from PredictiveScalers get their decisions in their status, queued and written off the decision path;
     * those of a file have none.
     */
    private StatusWriter statusWriter(KubernetesClient client, WorkloadReconciler reconciler, AsyncWriter writer) {
        return catalog.source() == CatalogConfig.Source.KUBERNETES
                ? new QueuedStatus(new PredictiveScalerStatusWriter(client,
                        new DecisionStatus(reconciler.parts().memory().retention()), reconciler.facts()), writer)
                : StatusWriter.NONE;
    }

    /**
     * The stabilisation memory, continued from the status the previous leader wrote where there is one, read from the
     * catalogue's watch cache.
     */
    private static DecisionMemory memory(ScalingPolicy policy, WorkloadCatalog workloads) {
        Duration window = policy.settings().scaleDownStabilization();
        return workloads instanceof KubernetesWorkloadCatalog cluster
                ? new DecisionMemory(window, StatusRecommendations.fromCatalog(cluster)::recent)
                : new DecisionMemory(window);
    }

    /** Loads and checks everything at start-up, so a bad setting stops the process with its key named. */
    void onStart(@Observes StartupEvent event, WorkloadCatalog workloads, ActuatorLoop loop, Leadership leadership,
                 LoopSettings limits, PolicySettings policy) {
        LOG.infof("actuator %s: %d workloads (%s), every %s (deadline %s, %d at once, %s each), leader election %s, "
                        + "demotion %s, policy %s%s",
                leadership.identity(), workloads.all().size(), String.join(", ", workloads.keys()),
                config.interval(), limits.tickDeadline(), limits.concurrency(), limits.workloadDeadline(),
                config.leaderElection().enabled() && config.kubernetes().enabled() ? "on" : "off (this instance always acts)",
                PolicyFactory.demotion(config).map(Object::toString).orElse("off"), policy,
                policy.equals(PolicySettings.defaults()) ? " (the shipped defaults the backtest measures)"
                        : " (differs from the shipped defaults the backtest measures)");
        if (!config.kubernetes().enabled()) {
            LOG.warn("prescient.actuator.kubernetes.enabled=false: no cluster; every workload runs in dry-run against "
                    + "targets assumed at minReplicas, and Events are logged");
        }
        if (leadership instanceof LeaseLeadership lease) {
            lease.start();
        }
    }

    void onStop(@Observes ShutdownEvent event, Leadership leadership, AsyncWriter writer) {
        // the waiting Events and statuses are written while this instance still leads (they are fenced)
        writer.close(WRITER_DRAIN);
        if (leadership instanceof LeaseLeadership lease) {
            lease.stop();
        }
        prometheus.ifPresent(PrometheusHistorySource::close);
        informed.ifPresent(InformedScaleTarget::close);
    }

    private synchronized Optional<HistorySource> history(PrometheusConfig prometheusConfig) {
        if (prometheusConfig.url().isEmpty()) {
            LOG.info("prescient.prometheus.url is not set: the policy sizes from the forecast alone, without the "
                    + "observed-demand guard");
            return Optional.empty();
        }
        prometheus = Optional.of(PrometheusHistorySource.create(prometheusConfig.toSettings()));
        return prometheus.map(HistorySource.class::cast);
    }

    private synchronized String identity() {
        if (identity == null) {
            identity = resolveIdentity();
        }
        return identity;
    }

    private String resolveIdentity() {
        return config.leaderElection().identity()
                .or(() -> Optional.ofNullable(System.getenv("POD_NAME")))
                .or(() -> Optional.ofNullable(System.getenv("HOSTNAME")))
                .orElseGet(() -> "actuator-" + UUID.randomUUID().toString().substring(0, 8));
    }

    private String leaseNamespace(KubernetesClient client) {
        return config.leaderElection().leaseNamespace()
                .or(() -> Optional.ofNullable(System.getenv("POD_NAMESPACE")))
                .or(() -> Optional.ofNullable(client.getNamespace()))
                .orElse("default");
    }
}
