package dev.prescient.trainer.backtest;

/**
 * Replays demand through a controller on a {@link SimCluster}: the scenario every policy is judged
 * by. Each minute t: the controller decides from data up to t - lag, the cluster scales (up: ready at
 * t + D; down: immediate), then demand[t] meets ready[t] × C.
 */
public final class Simulator {

    private final double[] demand;
    private final Scenario scenario;

    /**
     * @param demand requests per minute, one value per minute from minute 0, no gaps
     */
    public Simulator(double[] demand, Scenario scenario) {
        if (scenario.endMinute() > demand.length) {
            throw new IllegalArgumentException("simulation ends at minute " + scenario.endMinute()
                    + " but demand has only " + demand.length + " minutes");
        }
        for (int i = 0; i < scenario.endMinute(); i++) {
            if (!Double.isFinite(demand[i]) || demand[i] < 0) {
                throw new IllegalArgumentException("demand at minute " + i + " is " + demand[i]
                        + "; fill or trim gaps before simulating");
            }
        }
        this.demand = demand.clone();
        this.scenario = scenario;
    }

    public Scenario scenario() {
        return scenario;
    }

    /** Pods every policy starts with: ceil(demand[t0 - 1] / C). */
    public int initialPods() {
        return scenario.need(demand[scenario.firstMinute() - 1]);
    }

    public PolicyResult run(Controller controller) {
        int t0 = scenario.firstMinute();
        int n = scenario.simulatedMinutes();
        SimCluster cluster = new SimCluster(scenario.startupDelayMinutes(), initialPods(), t0 - 1);
        int[] ready = new int[n + 1]; // index 0 = minute t0 - 1
        int[] total = new int[n];
        ready[0] = cluster.ready(t0 - 1);
        View view = new View(cluster, ready);
        int under = 0;
        int changes = 0;
        double dropped = 0;
        double served = 0;
        long podMinutes = 0;
        for (int t = t0; t < scenario.endMinute(); t++) {
            view.minute = t;
            int before = cluster.total();
            int desired = Math.max(0, controller.desired(view));
            cluster.scaleTo(desired, t);
            if (cluster.total() != before) {
                changes++;
            }
            int r = cluster.ready(t);
            ready[t - t0 + 1] = r;
            total[t - t0] = cluster.total();
            podMinutes += cluster.total();
            double capacity = r * scenario.capacityPerPod();
            if (demand[t] > capacity + 1e-9) {
                under++;
                dropped += demand[t] - capacity;
            }
            served += demand[t];
        }
        return new PolicyResult(controller.name(), 100.0 * under / n, served == 0 ? 0 : 100.0 * dropped / served,
                podMinutes, Double.NaN, changes, java.util.Arrays.copyOfRange(ready, 1, n + 1), total);
    }

    /** The oracle: provisioned[t] = max of need over [t, t + D]; never short. */
    public PolicyResult oracle() {
        int t0 = scenario.firstMinute();
        int n = scenario.simulatedMinutes();
        int d = scenario.startupDelayMinutes();
        int[] total = new int[n];
        int[] ready = new int[n];
        long podMinutes = 0;
        int changes = 0;
        for (int t = t0; t < scenario.endMinute(); t++) {
            int p = 0;
            for (int u = t; u <= Math.min(t + d, demand.length - 1); u++) {
                p = Math.max(p, scenario.need(demand[u]));
            }
            total[t - t0] = p;
            ready[t - t0] = scenario.need(demand[t]);
            podMinutes += p;
            if (t > t0 && p != total[t - t0 - 1]) {
                changes++;
            }
        }
        return new PolicyResult("oracle", 0, 0, podMinutes, 1.0, changes, ready, total);
    }

    private final class View implements SimView {
        private final SimCluster cluster;
        private final int[] ready;
        private int minute;

        View(SimCluster cluster, int[] ready) {
            this.cluster = cluster;
            this.ready = ready;
        }

        @Override
        public int minute() {
            return minute;
        }

        @Override
        public double demand(int m) {
            if (m > minute - scenario.metricsLagMinutes()) {
                throw new IllegalStateException("controller read demand at minute " + m + " while deciding at minute "
                        + minute + " (lag " + scenario.metricsLagMinutes() + ")");
            }
            return demand[m];
        }

        @Override
        public int ready(int m) {
            if (m >= minute || m < scenario.firstMinute() - 1) {
                throw new IllegalStateException("controller read ready pods at minute " + m + " while deciding at "
                        + minute);
            }
            return ready[m - scenario.firstMinute() + 1];
        }

        @Override
        public int total() {
            return cluster.total();
        }
    }
}
