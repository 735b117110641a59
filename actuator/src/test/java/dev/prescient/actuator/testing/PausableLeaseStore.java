package dev.prescient.actuator.testing;

import dev.prescient.actuator.kube.LeaseRecord;
import dev.prescient.actuator.kube.LeaseStore;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A {@link LeaseStore} whose calls can be frozen, as a paused process (GC pause, SIGSTOP, a stalled node) freezes its
 * renewals: while paused every call waits until {@link #resume()}.
 */
public final class PausableLeaseStore implements LeaseStore {

    private final LeaseStore inner;
    private boolean paused;

    public PausableLeaseStore(LeaseStore inner) {
        this.inner = inner;
    }

    public synchronized void pause() {
        paused = true;
    }

    public synchronized void resume() {
        paused = false;
        notifyAll();
    }

    private synchronized void awaitResumed() {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (paused && System.nanoTime() < until) {
            try {
                wait(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while paused", e);
            }
        }
    }

    private <T> T call(Supplier<T> action) {
        awaitResumed();
        return action.get();
    }

    @Override
    public Optional<LeaseRecord> read() {
        return call(inner::read);
    }

    @Override
    public LeaseRecord create(LeaseRecord record) {
        return call(() -> inner.create(record));
    }

    @Override
    public LeaseRecord update(LeaseRecord record) {
        return call(() -> inner.update(record));
    }

    @Override
    public String describe() {
        return inner.describe();
    }
}
