package dev.prescient.actuator.bench;

import dev.prescient.actuator.kube.ForwardingScaleTarget;
import dev.prescient.actuator.kube.HpaState;
import dev.prescient.actuator.kube.HpaTuning;
import dev.prescient.actuator.kube.ScaleTarget;
import dev.prescient.actuator.kube.TargetEvent;
import dev.prescient.actuator.kube.TargetState;
import dev.prescient.common.model.TargetRef;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the writes that reach the API server and the time they take, scale writes (patches of targets and HPAs)
 * apart from Events, so a cycle's time can be split.
 */
final class TimedWrites extends ForwardingScaleTarget {

    record Totals(long count, long millis) {
    }

    private final AtomicLong count = new AtomicLong();
    private final AtomicLong nanos = new AtomicLong();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong eventNanos = new AtomicLong();

    TimedWrites(ScaleTarget inner) {
        super(inner);
    }

    /** The scale writes since the last call, and their summed time. */
    Totals takeTotals() {
        return new Totals(count.getAndSet(0), nanos.getAndSet(0) / 1_000_000);
    }

    /** The Events written since the last call, and their summed time. */
    Totals takeEvents() {
        return new Totals(events.getAndSet(0), eventNanos.getAndSet(0) / 1_000_000);
    }

    private void timed(Runnable write) {
        timed(write, count, nanos);
    }

    private static void timed(Runnable write, AtomicLong count, AtomicLong nanos) {
        long started = System.nanoTime();
        try {
            write.run();
        } finally {
            count.incrementAndGet();
            nanos.addAndGet(System.nanoTime() - started);
        }
    }

    @Override
    public void patchReplicas(TargetState target, int replicas) {
        timed(() -> inner.patchReplicas(target, replicas));
    }

    @Override
    public void patchHpaFloor(String namespace, HpaState hpa, int minReplicas) {
        timed(() -> inner.patchHpaFloor(namespace, hpa, minReplicas));
    }

    @Override
    public void restoreHpaFloor(String namespace, HpaState hpa) {
        timed(() -> inner.restoreHpaFloor(namespace, hpa));
    }

    @Override
    public void retuneHpa(String namespace, HpaState hpa, HpaTuning tuning, int minReplicas) {
        timed(() -> inner.retuneHpa(namespace, hpa, tuning, minReplicas));
    }

    @Override
    public void record(String namespace, TargetRef ref, Optional<String> uid, TargetEvent event) {
        timed(() -> inner.record(namespace, ref, uid, event), events, eventNanos);
    }
}
