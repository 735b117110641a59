package dev.prescient.trainer.backtest;

/**
 * Replays demand through a controller on a {@link SimCluster}: the scenario every policy is judged by. Each segment
 * of the scenario is simulated on its own, with a fresh controller and a cluster sized for the demand just before it.
 * Each minute t: the controller decides from the signal up to t - lag, the cluster scales (up: ready at t + D;
 * down: immediate), then demand[t] meets ready[t] × C.
 *
 * <p>What controllers see (the signal: the raw demand, or its trailing mean as a Prometheus {@code rate()} returns
 * it) may differ from what the cluster serves (the raw demand). U counts simulated minutes, Drop the demand of
 * simulated minutes, Cost their pod-minutes; minutes between segments count for nothing and have 0 pods. In a gap a
 * segment bridges the cluster runs on and the controllers decide as every minute (they see a gap, as an HPA or an
 * actuator sees no metrics in a scrape outage), but nobody knows the demand: the minute is not counted, and its
 * per-minute result shows 0 pods.
 */
public final class Simulator {

    private final double[] demand;
    private final double[] seen;
    private final Scenario scenario;

    /** A simulator whose controllers see the raw demand. */
    public Simulator(double[] demand, Scenario scenario) {
        this(demand, demand, scenario);
    }

    /**
     * @param demand requests per minute the cluster serves, one value per minute from minute 0, no gaps in segments
     * @param seen the signal controllers read, aligned with {@code demand}
     */
    public Simulator(double[] demand, double[] seen, Scenario scenario) {
        if (scenario.endMinute() > demand.length || seen.length != demand.length) {
            throw new IllegalArgumentException("simulation ends at minute " + scenario.endMinute()
                    + " but demand has only " + demand.length + " minutes (signal " + seen.length + ")");
        }
        for (Segment s : scenario.segments()) {
            for (int i = s.dataFrom(); i < s.endMinute(); i++) {
                boolean gap = Double.isNaN(demand[i]) && !known(s, i);
                if (!gap && (!Double.isFinite(demand[i]) || demand[i] < 0)) {
                    throw new IllegalArgumentException("demand at minute " + i + " is " + demand[i]
                            + "; fill or trim gaps before simulating, or mark them as gaps of the segment");
                }
            }
        }
        this.demand = demand.clone();
        this.seen = seen.clone();
        this.scenario = scenario;
    }

    public Scenario scenario() {
        return scenario;
    }

    /** Pods a segment starts with: ceil(demand / C) of the newest known minute before its first. */
    public int initialPods(Segment segment) {
        int m = segment.firstMinute() - 1;
        while (m > segment.dataFrom() && Double.isNaN(demand[m])) {
            m--;
        }
        return scenario.need(demand[m]);
    }

    /** Whether minute {@code m} of the segment has a demand: outside its bridged gaps. */
    private static boolean known(Segment s, int m) {
        for (Segment.Gap g : s.gaps()) {
            if (m >= g.from() && m < g.to()) {
                return false;
            }
        }
        return true;
    }

    /** Runs one controller over a single-segment scenario. */
    public PolicyResult run(Controller controller) {
        if (scenario.segments().size() != 1) {
            throw new IllegalStateException("a scenario of " + scenario.segments().size()
                    + " segments needs a fresh controller per segment");
        }
        return run(segment -> controller);
    }

    /** Runs a fresh controller from {@code factory} over each segment and sums the figures. */
    public PolicyResult run(ControllerFactory factory) {
        int[] ready = new int[scenario.spanMinutes()];
        int[] total = new int[scenario.spanMinutes()];
        Tally tally = new Tally();
        String name = null;
        for (Segment segment : scenario.segments()) {
            Controller controller = factory.forSegment(segment);
            name = controller.name();
            runSegment(segment, controller, ready, total, tally);
        }
        int n = scenario.simulatedMinutes();
        return new PolicyResult(name, 100.0 * tally.under / n, tally.served == 0 ? 0 : 100.0 * tally.dropped / tally.served,
                tally.podMinutes, Double.NaN, tally.changes, ready, total);
    }

    private void runSegment(Segment segment, Controller controller, int[] ready, int[] total, Tally tally) {
        int t0 = scenario.firstMinute();
        SimCluster cluster = new SimCluster(scenario.startupDelayMinutes(), initialPods(segment),
                segment.firstMinute() - 1);
        View view = new View(cluster, segment, cluster.ready(segment.firstMinute() - 1));
        for (int t = segment.firstMinute(); t < segment.endMinute(); t++) {
            view.minute = t;
            int before = cluster.total();
            cluster.scaleTo(Math.max(0, controller.desired(view)), t);
            if (cluster.total() != before) {
                tally.changes++;
            }
            int r = cluster.ready(t);
            view.ready[t - segment.firstMinute() + 1] = r;
            if (!known(segment, t)) {
                continue;
            }
            ready[t - t0] = r;
            total[t - t0] = cluster.total();
            tally.podMinutes += cluster.total();
            double capacity = r * scenario.capacityPerPod();
            if (demand[t] > capacity + 1e-9) {
                tally.under++;
                tally.dropped += demand[t] - capacity;
            }
            tally.served += demand[t];
        }
    }

    /** The oracle: provisioned[t] = max of need over the known minutes of [t, t + D] within the segment; never short. */
    public PolicyResult oracle() {
        int t0 = scenario.firstMinute();
        int d = scenario.startupDelayMinutes();
        int[] total = new int[scenario.spanMinutes()];
        int[] ready = new int[scenario.spanMinutes()];
        long podMinutes = 0;
        int changes = 0;
        for (Segment segment : scenario.segments()) {
            int previous = -1;
            for (int t = segment.firstMinute(); t < segment.endMinute(); t++) {
                if (!known(segment, t)) {
                    continue;
                }
                int p = 0;
                for (int u = t; u <= Math.min(t + d, segment.endMinute() - 1); u++) {
                    if (known(segment, u)) {
                        p = Math.max(p, scenario.need(demand[u]));
                    }
                }
                total[t - t0] = p;
                ready[t - t0] = scenario.need(demand[t]);
                podMinutes += p;
                if (previous >= 0 && p != previous) {
                    changes++;
                }
                previous = p;
            }
        }
        return new PolicyResult("oracle", 0, 0, podMinutes, 1.0, changes, ready, total);
    }

    /** Builds the controller of one segment: controllers keep state, and a segment starts afresh. */
    @FunctionalInterface
    public interface ControllerFactory {
        Controller forSegment(Segment segment);
    }

    private static final class Tally {
        int under;
        int changes;
        double dropped;
        double served;
        long podMinutes;
    }

    private final class View implements SimView {
        private final SimCluster cluster;
        private final Segment segment;
        /** Ready pods from minute firstMinute - 1 of the segment on. */
        private final int[] ready;
        private int minute;

        View(SimCluster cluster, Segment segment, int readyBefore) {
            this.cluster = cluster;
            this.segment = segment;
            this.ready = new int[segment.spanMinutes() + 1];
            this.ready[0] = readyBefore;
        }

        @Override
        public int minute() {
            return minute;
        }

        @Override
        public int firstKnownMinute() {
            return segment.dataFrom();
        }

        @Override
        public double demand(int m) {
            if (m > minute - scenario.metricsLagMinutes()) {
                throw new IllegalStateException("controller read demand at minute " + m + " while deciding at minute "
                        + minute + " (lag " + scenario.metricsLagMinutes() + ")");
            }
            if (m < segment.dataFrom()) {
                throw new IllegalStateException("controller read demand at minute " + m + " before its segment's data"
                        + " starts at minute " + segment.dataFrom());
            }
            return seen[m];
        }

        @Override
        public int ready(int m) {
            if (m >= minute || m < segment.firstMinute() - 1) {
                throw new IllegalStateException("controller read ready pods at minute " + m + " while deciding at "
                        + minute);
            }
            return ready[m - segment.firstMinute() + 1];
        }

        @Override
        public int total() {
            return cluster.total();
        }
    }
}
