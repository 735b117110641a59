package dev.prescient.actuator.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import org.jboss.logging.Logger;

import java.util.concurrent.CompletableFuture;

/**
 * Leadership through the fabric8 {@code LeaderElector} on a Lease. A candidate that loses the lease (or never
 * had it) keeps competing until {@link #stop()}; only while it holds the lease is {@link #isLeader()} true.
 */
public final class LeaseLeadership implements Leadership, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LeaseLeadership.class);

    private final KubernetesClient client;
    private final LeaseSettings settings;
    private volatile boolean leader;
    private volatile boolean stopped = true;
    private CompletableFuture<?> running;

    public LeaseLeadership(KubernetesClient client, LeaseSettings settings) {
        this.client = client;
        this.settings = settings;
    }

    @Override
    public boolean isLeader() {
        return leader;
    }

    @Override
    public String identity() {
        return settings.identity();
    }

    /** Starts competing for the lease. */
    public synchronized void start() {
        stopped = false;
        compete();
    }

    private synchronized void compete() {
        if (stopped) {
            return;
        }
        LeaderElectionConfig config = new LeaderElectionConfig(
                new LeaseLock(settings.namespace(), settings.name(), settings.identity()),
                settings.leaseDuration(), settings.renewDeadline(), settings.retryPeriod(),
                new LeaderCallbacks(this::started, this::lost, this::newLeader),
                settings.releaseOnStop(), settings.name());
        CompletableFuture<?> election = client.leaderElector().withConfig(config).build().start();
        running = election;
        election.whenComplete((ignored, error) -> {
            leader = false;
            if (error != null && !election.isCancelled()) {
                LOG.warnf(error, "leader election on Lease %s/%s failed; competing again", settings.namespace(),
                        settings.name());
            }
            compete();
        });
    }

    private void started() {
        leader = true;
        LOG.infof("%s leads (Lease %s/%s); it alone changes workloads", settings.identity(), settings.namespace(),
                settings.name());
    }

    private void lost() {
        leader = false;
        LOG.infof("%s no longer leads (Lease %s/%s)", settings.identity(), settings.namespace(), settings.name());
    }

    private void newLeader(String identity) {
        LOG.debugf("Lease %s/%s is held by %s", settings.namespace(), settings.name(), identity);
    }

    /** Stops competing; releases the lease if configured to. */
    public synchronized void stop() {
        stopped = true;
        leader = false;
        if (running != null) {
            running.cancel(true);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
