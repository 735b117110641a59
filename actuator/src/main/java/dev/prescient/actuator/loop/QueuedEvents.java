package dev.prescient.actuator.loop;

import dev.prescient.actuator.kube.ForwardingScaleTarget;
import dev.prescient.actuator.kube.ScaleTarget;
import dev.prescient.actuator.kube.TargetEvent;
import dev.prescient.common.model.TargetRef;

import java.util.Optional;

/**
 * A {@link ScaleTarget} whose Events are queued on the {@link AsyncWriter} and written later through {@code inner};
 * reads and patches (the decision itself) go straight to {@code inner}, on the caller's thread.
 */
public final class QueuedEvents extends ForwardingScaleTarget {

    private final AsyncWriter writer;

    /** @param inner reads, patches and (from the writer's threads) Events; fenced where writes must be */
    public QueuedEvents(ScaleTarget inner, AsyncWriter writer) {
        super(inner);
        this.writer = writer;
    }

    /**
     * Queued: written later by the writer, which logs and counts a failure (the caller sees none); an Event that
     * reports a lasting problem and is lost makes that report count as not made ({@link OnceReporter#withdrawal()}).
     */
    @Override
    public void record(String namespace, TargetRef ref, Optional<String> uid, TargetEvent event) {
        writer.event(inner, namespace, ref, uid, event, OnceReporter.withdrawal());
    }

    @Override
    public ScaleTarget direct() {
        ScaleTarget direct = inner.direct();
        return direct == inner ? this : new QueuedEvents(direct, writer);
    }
}
