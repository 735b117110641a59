package dev.prescient.actuator.testing;

import dev.prescient.actuator.kube.FabricLeaseStore;
import dev.prescient.actuator.kube.FabricScaleTarget;
import dev.prescient.actuator.kube.FencedScaleTarget;
import dev.prescient.actuator.kube.LeaseLeadership;
import dev.prescient.actuator.kube.LeaseSettings;
import dev.prescient.actuator.kube.ScaleTarget;
import dev.prescient.actuator.kube.StartupDelayEstimator;
import dev.prescient.actuator.loop.ActuatorLoop;
import dev.prescient.actuator.loop.ActuatorMetrics;
import dev.prescient.actuator.loop.DecisionMemory;
import dev.prescient.actuator.loop.DecisionReporter;
import dev.prescient.actuator.loop.OnceReporter;
import dev.prescient.actuator.loop.StartupDelays;
import dev.prescient.actuator.loop.WorkloadReconciler;
import dev.prescient.common.config.WorkloadConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * One actuator replica against the mock API server, wired as {@code ActuatorBeans} wires the real one: its own Lease
 * candidate (whose Lease calls can be paused), fenced writes, decision memory and metrics. The predictor client, the
 * policy and the observed demand are the test application's.
 */
public final class ActuatorInstance {

    public final String identity;
    public final PausableLeaseStore lease;
    public final LeaseLeadership leadership;
    public final MeterRegistry registry = new SimpleMeterRegistry();
    public final ActuatorLoop loop;

    /** With the system clock and nothing around the fence but the write log. */
    public ActuatorInstance(KubernetesClient client, WorkloadReconciler.Parts shared, WorkloadConfig workloads,
                            LeaseSettings settings, WriteLog writes) {
        this(client, shared, workloads, settings, Clock.systemUTC(), writes, UnaryOperator.identity(),
                UnaryOperator.identity());
    }

    /**
     * @param wallClock this replica's wall clock (skew it to test clock skew)
     * @param outsideFence wraps the fenced Kubernetes access (a pause here comes before the leadership check)
     * @param insideFence wraps the access below the fence (a pause here comes after the check, before the write)
     */
    public ActuatorInstance(KubernetesClient client, WorkloadReconciler.Parts shared, WorkloadConfig workloads,
                            LeaseSettings settings, Clock wallClock, WriteLog writes,
                            UnaryOperator<ScaleTarget> outsideFence, UnaryOperator<ScaleTarget> insideFence) {
        identity = settings.identity();
        lease = new PausableLeaseStore(new FabricLeaseStore(client, settings.namespace(), settings.name()));
        leadership = new LeaseLeadership(lease, settings, wallClock, System::nanoTime);
        ActuatorMetrics metrics = new ActuatorMetrics(registry);
        metrics.leader(leadership);
        ScaleTarget kube = outsideFence.apply(new FencedScaleTarget(
                insideFence.apply(writes.recording(identity, new FabricScaleTarget(client, identity))), leadership));
        OnceReporter problems = new OnceReporter();
        WorkloadReconciler reconciler = new WorkloadReconciler(new WorkloadReconciler.Parts(shared.fetcher(), kube,
                shared.policy(), new DecisionMemory(shared.policy().settings().scaleDownStabilization()),
                new StartupDelays(kube, new StartupDelayEstimator(3, 50), Duration.ofMinutes(3),
                        Duration.ofMinutes(15), metrics, problems),
                shared.demandObserver(), new DecisionReporter(kube, metrics, problems), metrics, problems, 3));
        loop = new ActuatorLoop(workloads, reconciler, leadership,
                settings.leaseDuration().multipliedBy(4).dividedBy(5), System::nanoTime);
    }

    public double scaleUps() {
        return count("prescient.scale.actions", "direction", "up");
    }

    public double skipped(String reason) {
        return count("prescient.workloads.skipped", "reason", reason);
    }

    public double leaderGauge() {
        return registry.find("prescient.leader").gauge().value();
    }

    private double count(String name, String tag, String value) {
        return registry.find(name).tag(tag, value).counters().stream().mapToDouble(Counter::count).sum();
    }
}
