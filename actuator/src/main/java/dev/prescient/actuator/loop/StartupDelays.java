package dev.prescient.actuator.loop;

import dev.prescient.actuator.kube.FirstStarts;
import dev.prescient.actuator.kube.PodStartup;
import dev.prescient.actuator.kube.ScaleTarget;
import dev.prescient.actuator.kube.StartupDelayEstimator;
import dev.prescient.actuator.kube.TargetEvent;
import dev.prescient.actuator.kube.TargetForbiddenException;
import dev.prescient.actuator.kube.TargetState;
import dev.prescient.common.model.WorkloadSpec;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each workload's start-up delay: the configured one, else the p90 measured from its Pods' first starts
 * ({@code PodScheduled} → {@code ContainersReady}, see {@link FirstStarts}), capped at {@code max} with a Warning Event
 * {@code PredictiveStartupDelayCapped}, else the fallback when too few Pods can be measured. Reported in a log line
 * whenever it changes and as a gauge.
 */
public class StartupDelays {

    private static final Logger LOG = Logger.getLogger(StartupDelays.class);
    static final String CAPPED_EVENT = "PredictiveStartupDelayCapped";

    /** A start-up delay and where it came from: {@code configured}, {@code measured}, {@code capped} or {@code fallback}. */
    public record Resolved(Duration delay, String source, int pods) {
    }

    private final ScaleTarget kube;
    private final StartupDelayEstimator estimator;
    private final Duration fallback;
    private final Duration max;
    private final ActuatorMetrics metrics;
    private final OnceReporter problems;
    private final FirstStarts firstStarts = new FirstStarts();
    private final Map<String, Resolved> last = new ConcurrentHashMap<>();

    /**
     * @param fallback used when fewer than the estimator's minimum of Pods can be measured
     * @param max a measured delay above this is capped to it
     */
    public StartupDelays(ScaleTarget kube, StartupDelayEstimator estimator, Duration fallback, Duration max,
                         ActuatorMetrics metrics, OnceReporter problems) {
        this.kube = kube;
        this.estimator = estimator;
        this.fallback = fallback;
        this.max = max;
        this.metrics = metrics;
        this.problems = problems;
    }

    public Resolved resolve(WorkloadSpec spec, TargetState target) {
        Resolved resolved = spec.startupDelay().map(d -> new Resolved(d, "configured", 0))
                .orElseGet(() -> measure(spec, target));
        metrics.startupDelay(spec.key(), resolved.delay());
        Resolved before = last.put(spec.key(), resolved);
        if (before == null || !before.delay().equals(resolved.delay()) || !before.source().equals(resolved.source())) {
            LOG.infof("workload=%s startupDelay=%ds source=%s pods=%d%s", spec.key(), resolved.delay().toSeconds(),
                    resolved.source(), resolved.pods(), resolved.source().equals("fallback")
                            ? " (fewer than " + estimator.minPods() + " Pods with a known first start)" : "");
        }
        return resolved;
    }

    private Resolved measure(WorkloadSpec spec, TargetState target) {
        List<PodStartup> pods;
        try {
            pods = firstStarts.of(spec.key(), kube.podStartups(target.namespace(), target.selector()));
        } catch (TargetForbiddenException e) {
            problems.report(forbidden(e),
                    () -> LOG.error(e.getMessage() + "; start-up delays fall back to " + fallback.toSeconds() + " s"));
            return new Resolved(fallback, "fallback", 0);
        }
        int measured = (int) pods.stream().filter(PodStartup::isReady).count();
        Optional<Duration> p90 = estimator.estimate(pods);
        if (p90.isEmpty()) {
            return new Resolved(fallback, "fallback", measured);
        }
        String capKey = spec.key() + "|startup-delay-capped";
        if (p90.get().compareTo(max) > 0) {
            problems.report(capKey, () -> capped(spec, target, p90.get(), measured));
            return new Resolved(max, "capped", measured);
        }
        problems.resolve(capKey, () -> LOG.infof("workload=%s measured start-up delay %ds is within the limit %ds "
                + "again", spec.key(), p90.get().toSeconds(), max.toSeconds()));
        return new Resolved(p90.get(), "measured", measured);
    }

    private void capped(WorkloadSpec spec, TargetState target, Duration measured, int pods) {
        String message = "measured start-up delay " + measured.toSeconds() + " s (p90 over " + pods
                + " Pods, PodScheduled to ContainersReady of their first start) exceeds the limit " + max.toSeconds()
                + " s; sizing with " + max.toSeconds() + " s. Check the Pods' readiness, or set startupDelay for "
                + spec.key() + " in the workloads file";
        LOG.warnf("workload=%s %s", spec.key(), message);
        try {
            kube.record(spec.namespace(), spec.target(), Optional.ofNullable(target.uid()),
                    new TargetEvent(true, CAPPED_EVENT, message));
        } catch (TargetForbiddenException e) {
            problems.report(forbidden(e), () -> LOG.error(e.getMessage()));
        } catch (KubernetesClientException e) {
            LOG.warnf("workload=%s cannot write Event %s: %s", spec.key(), CAPPED_EVENT, e.getMessage());
        }
    }

    private static String forbidden(TargetForbiddenException e) {
        return "forbidden|" + e.verb() + "|" + e.resource() + "|" + e.namespace();
    }
}
