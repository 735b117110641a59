package dev.prescient.actuator.loop;

import dev.prescient.actuator.kube.StatusWriter;
import dev.prescient.common.model.WorkloadSpec;
import dev.prescient.common.policy.Decision;

import java.time.Instant;
import java.util.Optional;

/**
 * A {@link StatusWriter} that queues each decision on the {@link AsyncWriter} and returns at once; the writer hands it
 * to {@code inner} later, the newest per workload, skipping a hold whose status would not change.
 */
public final class QueuedStatus implements StatusWriter {

    private final StatusWriter inner;
    private final AsyncWriter writer;

    public QueuedStatus(StatusWriter inner, AsyncWriter writer) {
        this.inner = inner;
        this.writer = writer;
    }

    @Override
    public void decided(WorkloadSpec spec, Optional<Decision> decision, Instant at) {
        writer.status(inner, spec, decision, at);
    }
}
