package dev.prescient.common.registry;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Keeps a held training lock alive while its holder works: renews it every third of the lease time
 * ({@link LeaseLock#renew}) and remembers when it was lost. The holder calls {@link #confirmHeld()}
 * before each step that must not happen without the lock (storing, promoting). The lease counts as
 * lost when another owner holds the lock object or it is gone, or when the lease expired because
 * renewals failed (S3 unreachable) so long that another run may have taken it over.
 *
 * <p>{@link #close()} stops renewing and waits for a renewal in flight, so {@link #lease()} is then
 * what the store holds and can be released.
 */
public final class LeaseKeeper implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LeaseKeeper.class);

    /** Runs a task every {@code period} until the returned handle is closed. */
    @FunctionalInterface
    public interface Schedule {

        AutoCloseable every(Duration period, Runnable task);

        /** A single daemon thread named {@code name}; closing waits up to a minute for a running task. */
        static Schedule daemonThread(String name) {
            return (period, task) -> {
                ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, name);
                    t.setDaemon(true);
                    return t;
                });
                long ms = period.toMillis();
                executor.scheduleAtFixedRate(task, ms, ms, TimeUnit.MILLISECONDS);
                return () -> {
                    executor.shutdown();
                    executor.awaitTermination(1, TimeUnit.MINUTES);
                };
            };
        }
    }

    private final LeaseLock lock;
    private final Duration leaseTime;
    private final Clock clock;
    private final AutoCloseable renewal;
    private volatile Lease lease;
    private volatile String lost;
    private volatile String lastError;

    LeaseKeeper(LeaseLock lock, Lease held, Duration leaseTime, Clock clock, Schedule schedule) {
        this.lock = lock;
        this.lease = held;
        this.leaseTime = leaseTime;
        this.clock = clock;
        this.renewal = schedule.every(renewEvery(leaseTime), this::renew);
    }

    /** A third of the lease time, at least one millisecond. */
    public static Duration renewEvery(Duration leaseTime) {
        Duration third = leaseTime.dividedBy(3);
        return third.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : third;
    }

    /** The lease as last renewed. */
    public Lease lease() {
        return lease;
    }

    /**
     * @throws LockLostException naming the workload, this owner and who holds the lock now, if it was lost
     */
    public void confirmHeld() {
        Lease current = lease;
        String why = lost;
        if (why == null && current.expiredAt(clock.instant())) {
            String error = lastError;
            why = "its lease expired at " + current.expiresAt() + " before it could be renewed"
                    + (error == null ? "" : " (last renewal failed: " + error + ")");
        }
        if (why != null) {
            throw new LockLostException(current.workload(), "lost the training lock of " + current.workload()
                    + " held by " + current.owner() + ": " + why);
        }
    }

    /** One renewal; the schedule's task. A failed call is retried at the next period. */
    synchronized void renew() {
        if (lost != null) {
            return;
        }
        Lease current = lease;
        try {
            LeaseLock.Attempt attempt = lock.renew(current, leaseTime);
            if (attempt.acquired()) {
                lease = attempt.lease();
                lastError = null;
                LOG.debugf("renewed the training lock of %s until %s", current.workload(), lease.expiresAt());
                return;
            }
            Lease holder = attempt.lease();
            lost = LeaseLock.RELEASED.equals(holder.owner()) ? "the lock object was deleted by someone else"
                    : "another run (" + holder.owner() + ") holds it until " + holder.expiresAt();
            LOG.warnf("lost the training lock of %s: %s", current.workload(), lost);
        } catch (RuntimeException e) {
            lastError = e.getMessage();
            LOG.warnf("cannot renew the training lock of %s (it expires at %s); retrying in %s: %s",
                    current.workload(), current.expiresAt(), renewEvery(leaseTime), e.getMessage());
        }
    }

    /** Stops renewing; the lock itself stays until released or expired. */
    @Override
    public void close() {
        try {
            renewal.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warnf("cannot stop renewing the training lock of %s: %s", lease.workload(), e.getMessage());
        }
    }
}
