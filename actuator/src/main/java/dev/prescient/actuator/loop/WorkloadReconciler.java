package dev.prescient.actuator.loop;

import dev.prescient.actuator.kube.DecisionFacts;
import dev.prescient.actuator.kube.HpaState;
import dev.prescient.actuator.kube.LatestFacts;
import dev.prescient.actuator.kube.ScaleTarget;
import dev.prescient.actuator.kube.TargetConflictException;
import dev.prescient.actuator.kube.TargetEvent;
import dev.prescient.actuator.kube.TargetForbiddenException;
import dev.prescient.actuator.kube.TargetNotScalableException;
import dev.prescient.actuator.kube.TargetState;
import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.Decision;
import dev.prescient.common.policy.ForecastView;
import dev.prescient.common.policy.Observed;
import dev.prescient.common.policy.ScalingPolicy;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One workload, one tick (workloads are reconciled concurrently: every part it uses is thread-safe): fetch the
 * forecast (or take the one the tick fetched for every workload) → read the target (and its HPA) → judge the forecast's accuracy
 * (demotion) → decide with the shared
 * {@link ScalingPolicy} → apply → record. Lasting problems (missing target or HPA, a mode that would fight an
 * HPA, a missing permission) are reported once and the workload is held until they go away.
 */
public class WorkloadReconciler {

    private static final Logger LOG = Logger.getLogger(WorkloadReconciler.class);

    /** The parts a reconciler works with. */
    public record Parts(ForecastFetcher fetcher, ScaleTarget kube, ScalingPolicy policy, DecisionMemory memory,
                        StartupDelays startupDelays, DemandObserver demandObserver, DecisionReporter reporter,
                        ActuatorMetrics metrics, OnceReporter problems, int conflictRetries,
                        WorkloadDemotions demotions) {

        /** Parts without demotion: forecasts are always used. */
        public Parts(ForecastFetcher fetcher, ScaleTarget kube, ScalingPolicy policy, DecisionMemory memory,
                     StartupDelays startupDelays, DemandObserver demandObserver, DecisionReporter reporter,
                     ActuatorMetrics metrics, OnceReporter problems, int conflictRetries) {
            this(fetcher, kube, policy, memory, startupDelays, demandObserver, reporter, metrics, problems,
                    conflictRetries, WorkloadDemotions.disabled(kube, metrics, problems));
        }

        /** These parts with another Kubernetes access for reading and patching targets. */
        public Parts withKube(ScaleTarget other) {
            return new Parts(fetcher, other, policy, memory, startupDelays, demandObserver, reporter, metrics, problems,
                    conflictRetries, demotions);
        }

        /** These parts with another way to the predictor. */
        public Parts withFetcher(ForecastFetcher other) {
            return new Parts(other, kube, policy, memory, startupDelays, demandObserver, reporter, metrics, problems,
                    conflictRetries, demotions);
        }

        /** These parts with other demotion tracking. */
        public Parts withDemotions(WorkloadDemotions other) {
            return new Parts(fetcher, kube, policy, memory, startupDelays, demandObserver, reporter, metrics, problems,
                    conflictRetries, other);
        }
    }

    private final Parts p;
    private final DecisionApplier applier;
    private final FloorHandback floorHandback;
    private final LatestFacts facts = new LatestFacts();

    /** A reconciler that hands a raised HPA floor back at the first hold without observed demand. */
    public WorkloadReconciler(Parts parts) {
        this(parts, Duration.ZERO);
    }

    /**
     * @param handbackAfter how long a hold without observed demand keeps a raised HPA floor before handing it back
     */
    public WorkloadReconciler(Parts parts, Duration handbackAfter) {
        this.p = parts;
        this.applier = new DecisionApplier(parts.kube(), handbackAfter);
        this.floorHandback = new FloorHandback(parts.kube());
    }

    public Parts parts() {
        return p;
    }

    /** What each workload's newest decision was made from, for its status ({@code kube.StatusWriter}). */
    public LatestFacts facts() {
        return facts;
    }

    /**
     * Asks the predictor for this workload alone ({@code GET /forecast}), then decides with its answer.
     *
     * @return the decision, empty when the workload was held before the policy could decide
     */
    public Optional<Decision> reconcile(WorkloadSpec spec, Instant now) {
        return reconcile(spec, p.fetcher().fetch(spec, now), now);
    }

    /**
     * Decides with a forecast already fetched (a tick fetches every workload's in one call).
     *
     * @return the decision, empty when the workload was held before the policy could decide
     */
    public Optional<Decision> reconcile(WorkloadSpec spec, ForecastFetch forecast, Instant now) {
        try {
            Optional<Targets> targets = read(spec, p.kube());
            if (targets.isEmpty()) {
                return Optional.empty();
            }
            boolean demoted = p.demotions().update(spec, forecast, targets.get().target(), now);
            StartupDelays.Resolved delay = p.startupDelays().resolve(spec, targets.get().target());
            Observed observed = p.demandObserver().observe(spec, now, delay.delay());
            DecisionReporter.Report report = decideAndApply(spec, forecast, targets.get(), delay, observed, demoted,
                    now);
            p.memory().remember(spec.key(), report.decision(), now);
            p.reporter().report(report);
            facts.put(spec.key(), new DecisionFacts(report.decision(), report.targets().target().replicas(),
                    forecast.view(), delay.delay(), delay.source()));
            return Optional.of(report.decision());
        } catch (TargetForbiddenException e) {
            p.problems().report(forbidden(e), () -> LOG.errorf("workload=%s %s", spec.key(), e.getMessage()));
            p.metrics().held(spec.key(), "forbidden");
        } catch (TargetConflictException e) {
            LOG.warnf("workload=%s gave up after %d conflicts: %s", spec.key(), p.conflictRetries() + 1,
                    e.getMessage());
            p.metrics().held(spec.key(), "conflict");
        } catch (KubernetesClientException e) {
            LOG.warnf("workload=%s Kubernetes API call failed (%d): %s%s; retrying next interval", spec.key(),
                    e.getCode(), e.getMessage(), e.getCause() == null ? "" : " caused by " + e.getCause());
            p.metrics().held(spec.key(), "kube-error");
        }
        return Optional.empty();
    }

    private DecisionReporter.Report decideAndApply(WorkloadSpec spec, ForecastFetch forecast, Targets targets,
                                                   StartupDelays.Resolved delay, Observed observed, boolean demoted,
                                                   Instant now) {
        Targets current = targets;
        for (int attempt = 0; ; attempt++) {
            Decision decision = p.policy().decide(forecast.view(), spec, delay.delay(), current.state(spec, demoted),
                    p.memory().recent(spec.key()), now, observed);
            try {
                Applied applied = applier.apply(spec, decision, current,
                        forecast.view().flatMap(ForecastView::sizing), !Double.isNaN(observed.lastRate()), now);
                return new DecisionReporter.Report(spec, decision, applied, forecast, current, delay);
            } catch (TargetConflictException e) {
                if (attempt >= p.conflictRetries()) {
                    throw e;
                }
                LOG.infof("workload=%s %s; re-reading and deciding again (attempt %d)", spec.key(), e.getMessage(),
                        attempt + 2);
                Optional<Targets> reread = read(spec, p.kube().direct());
                if (reread.isEmpty()) {
                    throw e;
                }
                current = reread.get();
            }
        }
    }

    /**
     * The target and its HPA, read through {@code kube} (cached, or directly after a conflict), empty (reported once,
     * counted as a hold) when the mode cannot act on them.
     */
    private Optional<Targets> read(WorkloadSpec spec, ScaleTarget kube) {
        String ns = spec.namespace();
        String what = spec.target().kind() + " " + ns + "/" + spec.target().name();
        Optional<TargetState> target;
        try {
            target = kube.target(ns, spec.target());
        } catch (TargetNotScalableException e) {
            problem(spec, "target-not-scalable", Optional.empty(), new TargetEvent(true, "PredictiveTargetNotScalable",
                    e.getMessage() + "; Prescient holds " + spec.key() + " until it can (checked every interval)"));
            return Optional.empty();
        }
        if (target.isEmpty()) {
            problem(spec, "target-missing", Optional.empty(), new TargetEvent(true, "PredictiveTargetMissing",
                    what + " does not exist; Prescient holds this workload until it does (checked every interval)"));
            return Optional.empty();
        }
        resolved(spec, "target-not-scalable", what + " has a /scale subresource");
        resolved(spec, "target-missing", what + " found");
        List<HpaState> hpas = kube.hpasFor(ns, spec.target());
        Optional<String> uid = Optional.ofNullable(target.get().uid());
        if (spec.mode() != ScalingMode.HPA_FLOOR) {
            floorHandback.handBack(spec, hpas, uid);
        }
        if (spec.mode() == ScalingMode.REPLICAS && !hpas.isEmpty()) {
            problem(spec, "hpa-conflict", uid, new TargetEvent(true, "PredictiveModeRefused",
                    "replicas mode refused: HorizontalPodAutoscaler " + hpas.get(0).name() + " also scales " + what
                            + " and the two would fight; set mode: hpa-floor for " + spec.key()
                            + " so Prescient raises the HPA's minReplicas instead"));
            return Optional.empty();
        }
        resolved(spec, "hpa-conflict", "no HPA targets " + what + " any more; replicas mode acts");
        if (spec.mode() == ScalingMode.HPA_FLOOR && hpas.isEmpty()) {
            problem(spec, "hpa-missing", uid, new TargetEvent(true, "PredictiveHpaMissing",
                    "hpa-floor mode needs a HorizontalPodAutoscaler whose scaleTargetRef is " + what
                            + "; none found; create one, or set mode: replicas for " + spec.key()));
            return Optional.empty();
        }
        resolved(spec, "hpa-missing", "HPA " + hpas.stream().findFirst().map(HpaState::name).orElse("") + " found");
        if (spec.mode() == ScalingMode.HPA_FLOOR && hpas.size() > 1) {
            String names = hpas.stream().map(HpaState::name).collect(Collectors.joining(", "));
            problem(spec, "hpa-ambiguous", uid, new TargetEvent(true, "PredictiveHpaAmbiguous",
                    "hpa-floor mode refused: " + hpas.size() + " HorizontalPodAutoscalers (" + names + ") scale "
                            + what + " and would fight each other; Prescient raises no floor for " + spec.key()
                            + " until one is left"));
            return Optional.empty();
        }
        resolved(spec, "hpa-ambiguous", "one HPA scales " + what + " again");
        return Optional.of(new Targets(target.get(), hpas.stream().findFirst()));
    }

    private void problem(WorkloadSpec spec, String reason, Optional<String> uid, TargetEvent event) {
        p.metrics().held(spec.key(), reason);
        p.problems().report(spec.key() + "|" + reason, () -> {
            LOG.warnf("workload=%s hold=%s %s", spec.key(), reason, event.message());
            try {
                p.kube().record(spec.namespace(), spec.target(), uid, event);
            } catch (TargetForbiddenException e) {
                p.problems().report(forbidden(e), () -> LOG.error(e.getMessage()));
            } catch (KubernetesClientException e) {
                LOG.warnf("workload=%s cannot write Event %s: %s", spec.key(), event.reason(), e.getMessage());
            }
        });
    }

    private void resolved(WorkloadSpec spec, String reason, String detail) {
        p.problems().resolve(spec.key() + "|" + reason, () -> LOG.infof("workload=%s %s", spec.key(), detail));
    }

    private static String forbidden(TargetForbiddenException e) {
        return "forbidden|" + e.verb() + "|" + e.resource() + "|" + e.namespace();
    }
}
