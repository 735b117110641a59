package dev.prescient.actuator.testing;

import dev.prescient.actuator.kube.ForwardingScaleTarget;
import dev.prescient.actuator.kube.ScaleTarget;
import dev.prescient.actuator.kube.TargetConflictException;
import dev.prescient.actuator.kube.TargetEvent;
import dev.prescient.actuator.kube.TargetState;
import dev.prescient.common.model.TargetRef;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every write that reached the API server, from every actuator instance of a test, in the order the server answered
 * them: accepted ones and those it refused with 409.
 */
public final class WriteLog {

    /** One write: who, what, whether the API server took it, and when (monotonic). */
    public record Write(String instance, String what, boolean accepted, long nanos) {
    }

    private final List<Write> writes = new CopyOnWriteArrayList<>();

    public List<Write> writes() {
        return List.copyOf(writes);
    }

    public List<Write> accepted(String instance) {
        return writes.stream().filter(w -> w.accepted() && w.instance().equals(instance)).toList();
    }

    /** Wraps the instance's access to the API server (innermost, below every check) so its writes are logged. */
    public ScaleTarget recording(String instance, ScaleTarget server) {
        return new ForwardingScaleTarget(server) {
            @Override
            public void patchReplicas(TargetState target, int replicas) {
                log(instance, "patch " + target.name() + " replicas=" + replicas,
                        () -> inner.patchReplicas(target, replicas));
            }

            @Override
            public void record(String namespace, TargetRef ref, Optional<String> uid, TargetEvent event) {
                log(instance, "event " + ref.name() + " " + event.reason(),
                        () -> inner.record(namespace, ref, uid, event));
            }
        };
    }

    private void log(String instance, String what, Runnable write) {
        try {
            write.run();
            writes.add(new Write(instance, what, true, System.nanoTime()));
        } catch (TargetConflictException e) {
            writes.add(new Write(instance, what + " (409)", false, System.nanoTime()));
            throw e;
        }
    }
}
