package dev.prescient.actuator.loop;

import dev.prescient.actuator.kube.ScaleTarget;
import dev.prescient.actuator.kube.TargetEvent;
import dev.prescient.actuator.kube.TargetForbiddenException;
import dev.prescient.common.model.ScalingMode;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.Decision;
import dev.prescient.common.policy.ForecastView;
import dev.prescient.common.policy.HoldReason;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.jboss.logging.Logger;

import java.util.Locale;
import java.util.Optional;

/**
 * Explains each decision: one structured log line, the metrics, and a Kubernetes Event on the target for every
 * change, every hold and (in dry-run) every change it would have made. An unchanged workload gets no Event, nor does
 * a demoted one whose reactive fallback changes nothing (its demotion has its own Event).
 */
public class DecisionReporter {

    private static final Logger LOG = Logger.getLogger(DecisionReporter.class);

    private final ScaleTarget kube;
    private final ActuatorMetrics metrics;
    private final OnceReporter problems;

    public DecisionReporter(ScaleTarget kube, ActuatorMetrics metrics, OnceReporter problems) {
        this.kube = kube;
        this.metrics = metrics;
        this.problems = problems;
    }

    /** What one tick decided for one workload, with what it was decided from. */
    public record Report(WorkloadSpec spec, Decision decision, Applied applied, ForecastFetch forecast,
                         Targets targets, StartupDelays.Resolved startupDelay) {
    }

    public void report(Report r) {
        String key = r.spec().key();
        Decision d = r.decision();
        metrics.decided(key, r.applied().to(), d.peakRate());
        d.holdReason().ifPresent(h -> metrics.held(key, h.tag()));
        if (!d.isHold() && r.applied().changed()) {
            metrics.scaled(key, r.applied().to() > r.applied().from() ? "up" : "down");
        }
        String message = message(r);
        log(r, message);
        event(r, message).ifPresent(e -> write(r, e));
        r.applied().retune().ifPresent(retune -> retuned(r, retune));
    }

    /** A Normal Event for each retune of the HPA, a Warning once while some metric target cannot be retuned. */
    private void retuned(Report r, HpaRetune retune) {
        String key = r.spec().key();
        String hpa = r.targets().hpa().map(h -> h.name()).orElse("?");
        Optional<ForecastView> view = r.forecast().view();
        if (retune.changesSomething()) {
            metrics.hpaRetuned(key);
            String message = retune.describe(hpa, view.map(ForecastView::modelVersion).orElse("?"),
                    view.flatMap(ForecastView::sizing).orElseThrow().reactive());
            LOG.infof("workload=%s %s", key, message);
            write(r, new TargetEvent(false, "PredictiveHpaRetuned", message));
        }
        String problem = key + "|hpa-target-unsupported";
        if (retune.unsupported().isEmpty()) {
            problems.resolve(problem, () -> LOG.infof("workload=%s every metric target of HPA %s follows the learnt "
                    + "reactive setting now", key, hpa));
            return;
        }
        metrics.hpaTargetsUnsupported(key, retune.unsupported().size());
        problems.report(problem, () -> {
            String message = "HPA " + hpa + ": the learnt reactive target cannot be set on "
                    + String.join(", ", retune.unsupported()) + " (only a Resource or ContainerResource Utilization "
                    + "target, or a Pods, Object or External AverageValue target can express a share of a pod's "
                    + "capacity); left as it is, the HPA scales on it as configured";
            LOG.warnf("workload=%s %s", key, message);
            write(r, new TargetEvent(true, "PredictiveHpaTargetUnsupported", message));
        });
    }

    private static String message(Report r) {
        StringBuilder sb = new StringBuilder(r.decision().reason());
        if (!r.applied().note().isEmpty()) {
            sb.append("; ").append(r.applied().note());
        }
        if (r.decision().holdReason().filter(h -> h == HoldReason.FORECAST_MISSING).isPresent()) {
            r.forecast().problem().ifPresent(p -> sb.append("; ").append(p));
        }
        return sb.toString();
    }

    private static Optional<TargetEvent> event(Report r, String message) {
        Decision d = r.decision();
        if (d.holdReason().filter(h -> h == HoldReason.DEMOTED).isPresent()) {
            return demotedHold(r, message);
        }
        if (d.isHold()) {
            boolean paused = d.holdReason().filter(h -> h == HoldReason.PAUSED).isPresent();
            return Optional.of(new TargetEvent(!paused, "PredictiveHold", message));
        }
        if (d.action() == Decision.Action.NO_CHANGE) {
            return Optional.empty();
        }
        if (r.spec().mode() == ScalingMode.DRY_RUN) {
            return Optional.of(new TargetEvent(false, "PredictiveDryRun", "dry-run, nothing changed: " + message));
        }
        if (!r.applied().changed()) {
            return Optional.empty();
        }
        String reason = d.action() == Decision.Action.SCALE_UP ? "PredictiveScaleUp" : "PredictiveScaleDown";
        return Optional.of(new TargetEvent(false, reason, message));
    }

    /**
     * A demoted workload was announced by its {@code PredictiveDemoted} Event; each tick after that writes a Normal
     * Event only when the reactive fallback changes (or in dry-run would change) the target.
     */
    private static Optional<TargetEvent> demotedHold(Report r, String message) {
        if (r.applied().to() == r.applied().from()) {
            return Optional.empty();
        }
        String prefix = r.spec().mode() == ScalingMode.DRY_RUN ? "dry-run, nothing changed: " : "";
        return Optional.of(new TargetEvent(false, "PredictiveHold", prefix + message));
    }

    private void write(Report r, TargetEvent event) {
        var target = r.targets().target();
        try {
            kube.record(target.namespace(), r.spec().target(), Optional.ofNullable(target.uid()), event);
        } catch (TargetForbiddenException e) {
            problems.report("forbidden|" + e.verb() + "|" + e.resource() + "|" + e.namespace(),
                    () -> LOG.error(e.getMessage() + "; decisions are then only logged"));
        } catch (KubernetesClientException e) {
            LOG.warnf("workload=%s cannot write Event %s: %s", r.spec().key(), event.reason(), e.getMessage());
        }
    }

    private static void log(Report r, String message) {
        Decision d = r.decision();
        Optional<ForecastView> view = r.forecast().view();
        LOG.info(String.format(Locale.ROOT, "decision workload=%s mode=%s action=%s hold=%s from=%d to=%d applied=%s "
                        + "recommended=%d peak=%.4g window=%s/%s source=%s model=%s startupDelay=%ds(%s) reason=\"%s\"",
                r.spec().key(), r.spec().mode(), d.action().tag(), d.holdReason().map(HoldReason::tag).orElse("-"),
                r.applied().from(), r.applied().to(), r.applied().changed(), d.recommendedReplicas(), d.peakRate(),
                d.windowStart(), d.windowEnd(), view.map(ForecastView::source).orElse("-"),
                view.map(ForecastView::modelVersion).orElse("-"), r.startupDelay().delay().toSeconds(),
                r.startupDelay().source(), message.replace("\"", "'")));
    }
}
