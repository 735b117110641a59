package dev.prescient.actuator.loop;

import dev.prescient.actuator.kube.ScaleTarget;
import dev.prescient.actuator.kube.TargetEvent;
import dev.prescient.actuator.kube.TargetForbiddenException;
import dev.prescient.actuator.kube.TargetState;
import dev.prescient.common.accuracy.AccuracySnapshot;
import dev.prescient.common.accuracy.Demotion;
import dev.prescient.common.accuracy.DemotionSettings;
import dev.prescient.common.accuracy.DemotionStep;
import dev.prescient.common.accuracy.ModelDemotion;
import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.model.WorkloadSpec;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link ModelDemotion} per workload, fed every tick with the accuracy the predictor sent along with the
 * forecast (a tick without it, or without a forecast, counts as not judged: it changes nothing but interrupts a
 * recovery). The accuracy names the model version it scores: a new version gets a fresh {@link Demotion}, active,
 * and while it is young its last hour is judged too, so a badly wrong new version is demoted within its first hour.
 * Each transition writes an Event on the target (Warning {@code PredictiveDemoted}, Normal
 * {@code PredictiveReenabled}) and a log line, both naming the model version, and moves
 * {@code prescient_workload_demoted} and {@code prescient_demotions_total}. The state lives in memory: a new leader
 * starts with every workload active. Thread-safe: workloads are reconciled concurrently (each one by one thread at a
 * time; a workload's state is stepped under its own lock).
 */
public class WorkloadDemotions {

    private static final Logger LOG = Logger.getLogger(WorkloadDemotions.class);

    private final Optional<DemotionSettings> settings;
    private final ScaleTarget kube;
    private final ActuatorMetrics metrics;
    private final OnceReporter problems;
    private final Map<String, ModelDemotion> byWorkload = new ConcurrentHashMap<>();

    /** @param settings empty = demotion off: forecasts are always used */
    public WorkloadDemotions(Optional<DemotionSettings> settings, ScaleTarget kube, ActuatorMetrics metrics,
                             OnceReporter problems) {
        this.settings = settings;
        this.kube = kube;
        this.metrics = metrics;
        this.problems = problems;
    }

    /** Demotion off. */
    public static WorkloadDemotions disabled(ScaleTarget kube, ActuatorMetrics metrics, OnceReporter problems) {
        return new WorkloadDemotions(Optional.empty(), kube, metrics, problems);
    }

    /** @return whether the workload's forecasts are demoted for this tick */
    public boolean update(WorkloadSpec spec, ForecastFetch forecast, TargetState target, Instant now) {
        if (settings.isEmpty()) {
            return false;
        }
        ModelDemotion demotion = byWorkload.computeIfAbsent(spec.key(), k -> new ModelDemotion(settings.get(), now));
        AccuracySnapshot snapshot = forecast.accuracy().orElseGet(() -> AccuracySnapshot.unknown(now, spec.step()));
        ModelDemotion.Step versioned;
        synchronized (demotion) {
            versioned = demotion.step(snapshot, now);
        }
        DemotionStep step = versioned.step();
        String version = versioned.version() == null ? "" : " version=" + versioned.version();
        String model = versioned.version() == null ? "" : " of model " + versioned.version();
        metrics.demoted(spec.key(), step.state().demoted());
        switch (step.transition()) {
            case DEMOTED -> {
                metrics.demotion(spec.key());
                String message = "forecasts" + model + " demoted: " + step.state().reason() + "; " + effect(spec)
                        + " until the accuracy has been within limits for "
                        + AccuracySnapshot.Window.format(settings.get().recoverAfter());
                LOG.warnf("workload=%s%s demoted=true %s", spec.key(), version, message);
                write(spec, target, new TargetEvent(true, "PredictiveDemoted", message));
            }
            case REENABLED -> {
                String message = "forecasts" + model + " re-enabled: " + step.state().reason();
                LOG.infof("workload=%s%s demoted=false %s", spec.key(), version, message);
                write(spec, target, new TargetEvent(false, "PredictiveReenabled", message));
            }
            case NONE -> LOG.debugf("workload=%s%s demoted=%s young=%s %s", spec.key(), version,
                    step.state().demoted(), versioned.young(), step.judgement());
        }
        return step.state().demoted();
    }

    /** What the policy's hold does while demoted (see {@code ScalingPolicy}: a hold never drops capacity faster). */
    private static String effect(WorkloadSpec spec) {
        if (spec.fallbackReplicas().isPresent() && spec.mode() != ScalingMode.DRY_RUN) {
            String what = spec.mode() == ScalingMode.HPA_FLOOR ? "the HPA floor" : "replicas";
            return what + " go to the workload's fallbackReplicas " + spec.fallbackReplicas().getAsInt()
                    + " (or what the newest observed demand needs, if more)";
        }
        return switch (spec.mode()) {
            case HPA_FLOOR -> "the HPA floor decays like a scale-down towards what the newest observed demand needs "
                    + "(kept while none is observed) and the HPA scales above it";
            case REPLICAS -> "replicas follow the newest observed rate (the reactive fallback), down no faster than "
                    + "a scale-down";
            case DRY_RUN -> "dry-run: the reactive fallback is reported, nothing changes";
        };
    }

    private void write(WorkloadSpec spec, TargetState target, TargetEvent event) {
        try {
            kube.record(spec.namespace(), spec.target(), Optional.ofNullable(target.uid()), event);
        } catch (TargetForbiddenException e) {
            problems.report("forbidden|" + e.verb() + "|" + e.resource() + "|" + e.namespace(),
                    () -> LOG.error(e.getMessage() + "; demotions are then only logged"));
        } catch (KubernetesClientException e) {
            LOG.warnf("workload=%s cannot write Event %s: %s", spec.key(), event.reason(), e.getMessage());
        }
    }
}
