package dev.prescient.trainer.backtest;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The reactive HPA as the backtest scenario defines it: every minute u = demand[t-1] / (ready[t-1] × C);
 * keep the count when |u / target - 1| ≤ tolerance, else recommend ceil(demand[t-1] / (target × C));
 * scale up at once; scale down to the max of the last {@code window} recommendations; clamp to
 * [floor, max]. The floor can be moved (hpa-floor mode). When the demand of t-1 is a gap (no metrics), it keeps the
 * count, as the HPA does not scale without metrics, and still honours the floor.
 */
public final class HpaEmulator implements Controller {

    /** The HPA's default tolerance: no change while utilisation is within 10 % of the target. */
    public static final double TOLERANCE = 0.1;
    private final double capacityPerPod;
    private double target;
    private final double tolerance;
    private int window;
    private final int max;
    private final Deque<Integer> recommendations = new ArrayDeque<>();
    private int floor;

    public HpaEmulator(double capacityPerPod, double target, double tolerance, int window, int min, int max) {
        this.capacityPerPod = capacityPerPod;
        this.target = target;
        this.tolerance = tolerance;
        this.window = window;
        this.floor = min;
        this.max = max;
    }

    /** The default scenario's HPA: target 0.7, tolerance 0.1, 5-minute scale-down window, [1, 100]. */
    public static HpaEmulator standard(double capacityPerPod) {
        return new HpaEmulator(capacityPerPod, 0.7, TOLERANCE, 5, Scenario.DEFAULT_MIN_REPLICAS,
                Scenario.DEFAULT_MAX_REPLICAS);
    }

    /** The scenario's HPA (target 0.7, tolerance 0.1, 5-minute scale-down window) within its replica bounds. */
    public static HpaEmulator standard(Scenario scenario) {
        return new HpaEmulator(scenario.capacityPerPod(), 0.7, TOLERANCE, 5, scenario.minReplicas(),
                scenario.maxReplicas());
    }

    @Override
    public String name() {
        return "hpa";
    }

    /** The utilisation target it scales at now. */
    public double target() {
        return target;
    }

    /** Its scale-down window now, in recommendations (minutes). */
    public int window() {
        return window;
    }

    public void setFloor(int floor) {
        this.floor = floor;
    }

    /** Another target and scale-down window from now on (as the actuator would patch the HPA); recommendations stay. */
    public void retune(double target, int window) {
        this.target = target;
        this.window = Math.max(1, window);
    }

    @Override
    public int desired(SimView view) {
        int t = view.minute();
        double demand = view.demand(t - 1);
        int ready = view.ready(t - 1);
        int current = view.total();
        if (Double.isNaN(demand)) {
            return Math.max(floor, Math.min(max, current));
        }
        int rec;
        double u = ready == 0 ? Double.POSITIVE_INFINITY : demand / (ready * capacityPerPod);
        if (Math.abs(u / target - 1) <= tolerance) {
            rec = current;
        } else {
            rec = (int) Math.ceil(demand / (target * capacityPerPod) - 1e-9);
        }
        recommendations.addLast(rec);
        while (recommendations.size() > window) {
            recommendations.removeFirst();
        }
        int desired;
        if (rec > current) {
            desired = rec;
        } else {
            int stabilised = rec;
            for (int r : recommendations) {
                stabilised = Math.max(stabilised, r);
            }
            desired = Math.min(current, stabilised);
        }
        return Math.max(floor, Math.min(max, desired));
    }
}
