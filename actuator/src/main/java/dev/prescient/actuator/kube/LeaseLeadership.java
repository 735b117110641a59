package dev.prescient.actuator.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Leadership through a {@link LeaseElector} on a Lease, driven by one thread: a candidate tries to acquire every
 * {@code retryPeriod} (with up to 1.2 × that of jitter, as client-go), the holder renews every {@code retryPeriod}.
 * {@link #isLeader()} is judged at the moment it is asked, so a holder whose renewals stall (paused process, lost API
 * server) stops leading at its renew deadline even if this thread never runs again. {@link #confirm()} also reads
 * the Lease, so a write is refused once another candidate holds it.
 */
public final class LeaseLeadership implements Leadership, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LeaseLeadership.class);
    private static final double JITTER = 1.2;

    private final LeaseStore store;
    private final LeaseSettings settings;
    private final LongSupplier nanoTime;
    private final LeaseElector elector;
    private ScheduledExecutorService executor;
    private volatile long leadingSince;
    private volatile boolean wasLeading;
    private String lastHolder;

    /** On the API server, with the system's wall and monotonic clocks. */
    public LeaseLeadership(KubernetesClient client, LeaseSettings settings) {
        this(new FabricLeaseStore(client, settings.namespace(), settings.name()), settings, Clock.systemUTC(),
                System::nanoTime);
    }

    /**
     * @param wallClock only for the times written into the Lease
     * @param nanoTime monotonic nanoseconds for every judgement
     */
    public LeaseLeadership(LeaseStore store, LeaseSettings settings, Clock wallClock, LongSupplier nanoTime) {
        this.store = store;
        this.settings = settings;
        this.nanoTime = nanoTime;
        this.elector = new LeaseElector(store, settings, wallClock, nanoTime);
    }

    @Override
    public boolean isLeader() {
        return elector.leading(nanoTime.getAsLong());
    }

    @Override
    public String identity() {
        return settings.identity();
    }

    /** Leads locally and the Lease, read now, names this instance as its holder; a failed read confirms nothing. */
    @Override
    public boolean confirm() {
        if (!isLeader()) {
            return false;
        }
        try {
            return store.read().filter(r -> r.heldBy(settings.identity())).isPresent() && isLeader();
        } catch (RuntimeException e) {
            LOG.warnf("%s cannot read Lease %s to confirm its leadership: %s", settings.identity(), store.describe(),
                    e.getMessage());
            return false;
        }
    }

    @Override
    public OptionalLong leadingSince() {
        return isLeader() && wasLeading ? OptionalLong.of(leadingSince) : OptionalLong.empty();
    }

    /** Starts competing for the Lease (once: a stopped instance does not start again). */
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lease-" + settings.name() + "-" + settings.identity());
            t.setDaemon(true);
            return t;
        });
        executor.execute(this::step);
    }

    private void step() {
        try {
            elector.tryAcquireOrRenew();
        } catch (RuntimeException e) {
            if (wasLeading) {
                LOG.warnf("%s cannot renew Lease %s (%s); it stops leading %s s after its last renewal unless a "
                        + "renewal succeeds", settings.identity(), store.describe(), e.getMessage(),
                        settings.renewDeadline().toSeconds());
            } else {
                LOG.debugf("%s: acquiring Lease %s failed: %s", settings.identity(), store.describe(), e.getMessage());
            }
        }
        boolean leading = isLeader();
        noteChanges(leading);
        schedule(leading ? settings.retryPeriod().toMillis()
                : settings.retryPeriod().toMillis()
                        + (long) (settings.retryPeriod().toMillis() * JITTER * ThreadLocalRandom.current().nextDouble()));
    }

    private void noteChanges(boolean leading) {
        if (leading && !wasLeading) {
            leadingSince = nanoTime.getAsLong();
            LOG.infof("%s leads (Lease %s); it alone changes workloads", settings.identity(), store.describe());
        } else if (!leading && wasLeading) {
            LOG.infof("%s no longer leads (Lease %s)", settings.identity(), store.describe());
        }
        wasLeading = leading;
        Optional<String> holder = elector.observedHolder();
        if (holder.isPresent() && !holder.get().equals(lastHolder)) {
            lastHolder = holder.get();
            LOG.debugf("Lease %s is held by %s", store.describe(), lastHolder.isEmpty() ? "nobody" : lastHolder);
        }
    }

    private synchronized void schedule(long delayMillis) {
        if (executor != null && !executor.isShutdown()) {
            executor.schedule(this::step, delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** Stops competing; hands the Lease back first if configured to and this instance holds it. */
    public void stop() {
        ScheduledExecutorService running;
        synchronized (this) {
            running = executor;
            executor = null;
        }
        if (running == null) {
            return;
        }
        running.shutdownNow();
        try {
            running.awaitTermination(settings.renewDeadline().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (settings.releaseOnStop() && isLeader()) {
            try {
                elector.release();
                LOG.infof("%s handed Lease %s back", settings.identity(), store.describe());
            } catch (RuntimeException e) {
                LOG.warnf("%s could not hand Lease %s back (%s); it expires on its own", settings.identity(),
                        store.describe(), e.getMessage());
            }
        }
        elector.abdicate();
        noteChanges(false);
    }

    @Override
    public void close() {
        stop();
    }
}
