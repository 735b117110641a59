package dev.prescient.actuator.loop;

import dev.prescient.actuator.kube.PodStartup;
import dev.prescient.actuator.kube.ScaleTarget;
import dev.prescient.actuator.kube.StartupDelayEstimator;
import dev.prescient.actuator.kube.TargetForbiddenException;
import dev.prescient.actuator.kube.TargetState;
import dev.prescient.common.model.WorkloadSpec;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each workload's start-up delay: the configured one, else the p90 measured from its Ready Pods, else the fallback
 * when too few Pods can be measured. Reported in a log line whenever it changes and as a gauge.
 */
public class StartupDelays {

    private static final Logger LOG = Logger.getLogger(StartupDelays.class);

    /** A start-up delay and where it came from: {@code configured}, {@code measured} or {@code fallback}. */
    public record Resolved(Duration delay, String source, int pods) {
    }

    private final ScaleTarget kube;
    private final StartupDelayEstimator estimator;
    private final Duration fallback;
    private final ActuatorMetrics metrics;
    private final OnceReporter problems;
    private final Map<String, Resolved> last = new ConcurrentHashMap<>();

    public StartupDelays(ScaleTarget kube, StartupDelayEstimator estimator, Duration fallback, ActuatorMetrics metrics,
                         OnceReporter problems) {
        this.kube = kube;
        this.estimator = estimator;
        this.fallback = fallback;
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
                            ? " (fewer than " + estimator.minPods() + " Ready Pods to measure)" : "");
        }
        return resolved;
    }

    private Resolved measure(WorkloadSpec spec, TargetState target) {
        List<PodStartup> pods;
        try {
            pods = kube.readyPods(target.namespace(), target.selector());
        } catch (TargetForbiddenException e) {
            problems.report("forbidden|" + e.verb() + "|" + e.resource() + "|" + e.namespace(),
                    () -> LOG.error(e.getMessage() + "; start-up delays fall back to " + fallback.toSeconds() + " s"));
            return new Resolved(fallback, "fallback", 0);
        }
        Optional<Duration> p90 = estimator.estimate(pods);
        return p90.map(d -> new Resolved(d, "measured", pods.size()))
                .orElseGet(() -> new Resolved(fallback, "fallback", pods.size()));
    }
}
