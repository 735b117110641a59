package dev.prescient.actuator.kube;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Leader election over one Lease, judged as client-go judges it: by time this candidate has itself observed, never
 * by comparing another process' clock with its own.
 * <ul>
 *   <li>A candidate takes a Lease held by another only after it has seen the same record (holder, renewTime, …)
 *       unchanged for the Lease's full duration on its own monotonic clock. The holder's {@code renewTime} is only
 *       compared for change, so a candidate whose wall clock runs ahead does not take a live lease.</li>
 *   <li>The holder counts as leading only until {@code renewDeadline} after the start of its last successful renewal,
 *       on its own monotonic clock, whether or not its renewal thread is still running. As {@code renewDeadline <
 *       leaseDuration} and a candidate starts counting only once it has seen that renewal, the old holder stops
 *       before a new one can start (clock rates assumed alike, not clock readings).</li>
 * </ul>
 * Driven by one thread ({@link LeaseLeadership}); {@link #leading(long)} may be asked from any thread.
 */
public final class LeaseElector {

    private final LeaseStore store;
    private final LeaseSettings settings;
    private final Clock wallClock;
    private final LongSupplier nanoTime;

    private LeaseRecord observed;
    private long observedAt;
    private volatile boolean holding;
    private volatile long renewedAt;
    private volatile boolean resigned;

    /**
     * @param wallClock only for the times written into the Lease
     * @param nanoTime monotonic nanoseconds ({@code System::nanoTime}) for every judgement
     */
    public LeaseElector(LeaseStore store, LeaseSettings settings, Clock wallClock, LongSupplier nanoTime) {
        this.store = store;
        this.settings = settings;
        this.wallClock = wallClock;
        this.nanoTime = nanoTime;
    }

    /**
     * One attempt to acquire the Lease or renew it.
     *
     * @return whether this candidate holds the Lease after the attempt
     * @throws io.fabric8.kubernetes.client.KubernetesClientException when the API server refused or failed (409 when
     *         another candidate wrote first); the leadership then lapses at its renew deadline unless renewed before
     */
    public synchronized boolean tryAcquireOrRenew() {
        if (resigned) {
            return false;
        }
        long started = nanoTime.getAsLong();
        Optional<LeaseRecord> current = store.read();
        if (current.isEmpty()) {
            return wrote(store.create(LeaseRecord.first(settings.identity(), settings.leaseDuration(),
                    wallClock.instant())), started);
        }
        LeaseRecord record = current.get();
        observe(record);
        if (!record.heldBy(settings.identity())) {
            holding = false;
            if (record.held() && !expired(record)) {
                return false;
            }
        }
        return wrote(store.update(record.acquiredBy(settings.identity(), settings.leaseDuration(),
                wallClock.instant())), started);
    }

    /** Whether this candidate leads at monotonic time {@code nanos}: it holds the Lease and renewed it recently. */
    public boolean leading(long nanos) {
        return holding && nanos - renewedAt < settings.renewDeadline().toNanos();
    }

    /** The holder this candidate saw last, empty before the first read. */
    public synchronized Optional<String> observedHolder() {
        return Optional.ofNullable(observed).map(LeaseRecord::holder);
    }

    /**
     * Hands the Lease back (no holder) if this candidate holds it, so the next candidate takes it at once.
     *
     * @throws io.fabric8.kubernetes.client.KubernetesClientException when the API server refused it
     */
    public synchronized void release() {
        if (!holding || observed == null) {
            return;
        }
        abdicate();
        observe(store.update(observed.released(wallClock.instant())));
    }

    /** Stops leading at once and for good, without writing (the Lease then expires unless released). */
    public void abdicate() {
        resigned = true;
        holding = false;
    }

    private boolean wrote(LeaseRecord written, long started) {
        observe(written);
        renewedAt = started;
        holding = !resigned;
        return holding;
    }

    private void observe(LeaseRecord record) {
        if (!record.sameState(observed)) {
            observedAt = nanoTime.getAsLong();
        }
        observed = record;
    }

    /** Unchanged for the Lease's duration since this candidate first saw it so. */
    private boolean expired(LeaseRecord record) {
        Duration duration = record.leaseDuration().isZero() ? settings.leaseDuration() : record.leaseDuration();
        return nanoTime.getAsLong() - observedAt >= duration.toNanos();
    }
}
