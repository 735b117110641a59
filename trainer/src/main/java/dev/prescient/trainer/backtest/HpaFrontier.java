package dev.prescient.trainer.backtest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The reactive frontier: the scenario's emulated HPA at every utilisation target from 0.30 to 0.95 (step 0.05) and
 * scale-down windows of 1 and 5 minutes — what a user could reach by tuning their HPA. A policy beats the HPA only if
 * it is short less often (and drops less) than every one of these settings at the same cost.
 */
public final class HpaFrontier {

    public static final List<Integer> WINDOWS = List.of(1, 5);

    private final List<FrontierPoint> points;

    public HpaFrontier(List<FrontierPoint> points) {
        if (points.isEmpty()) {
            throw new IllegalArgumentException("an HPA frontier needs at least one point");
        }
        this.points = List.copyOf(points);
    }

    /** The targets of the frontier: 0.30, 0.35, …, 0.95. */
    public static List<Double> targets() {
        List<Double> out = new ArrayList<>();
        for (int i = 30; i <= 95; i += 5) {
            out.add(i / 100.0);
        }
        return out;
    }

    /** Runs every frontier setting on the simulator; costs against {@code oraclePodMinutes}. */
    public static HpaFrontier measure(Simulator sim, long oraclePodMinutes) {
        Scenario s = sim.scenario();
        List<FrontierPoint> points = new ArrayList<>();
        for (int window : WINDOWS) {
            for (double target : targets()) {
                PolicyResult r = sim.run(segment -> new HpaEmulator(s.capacityPerPod(), target, HpaEmulator.TOLERANCE,
                        window, s.minReplicas(), s.maxReplicas())).withCostRatio(oraclePodMinutes);
                points.add(new FrontierPoint(target, window, r.underProvisionedPct(), r.droppedPct(),
                        r.costVsOracle(), r.scaleChanges()));
            }
        }
        return new HpaFrontier(points);
    }

    public List<FrontierPoint> points() {
        return points;
    }

    /**
     * The lowest U and the lowest Drop any of the points reaches at {@code cost}: along each window's curve sorted
     * by cost, linearly interpolated between the two settings around it (an endpoint's figure outside the curve's
     * range), then the lower of the windows.
     */
    public Comparison at(double cost) {
        return new Comparison(lowest(cost, FrontierPoint::underProvisionedPct), lowest(cost, FrontierPoint::droppedPct));
    }

    private double lowest(double cost, ToDoubleFunction<FrontierPoint> figure) {
        double best = Double.POSITIVE_INFINITY;
        for (int window : points.stream().map(FrontierPoint::windowMinutes).distinct().toList()) {
            List<FrontierPoint> curve = points.stream().filter(p -> p.windowMinutes() == window)
                    .sorted(Comparator.comparingDouble(FrontierPoint::costVsOracle)).toList();
            if (!curve.isEmpty()) {
                best = Math.min(best, interpolate(curve, cost, figure));
            }
        }
        return best;
    }

    static double interpolate(List<FrontierPoint> curve, double cost, ToDoubleFunction<FrontierPoint> figure) {
        FrontierPoint first = curve.get(0);
        FrontierPoint last = curve.get(curve.size() - 1);
        if (cost <= first.costVsOracle()) {
            return figure.applyAsDouble(first);
        }
        if (cost >= last.costVsOracle()) {
            return figure.applyAsDouble(last);
        }
        for (int i = 1; i < curve.size(); i++) {
            FrontierPoint a = curve.get(i - 1);
            FrontierPoint b = curve.get(i);
            if (cost <= b.costVsOracle()) {
                double span = b.costVsOracle() - a.costVsOracle();
                double w = span == 0 ? 0 : (cost - a.costVsOracle()) / span;
                return figure.applyAsDouble(a) + w * (figure.applyAsDouble(b) - figure.applyAsDouble(a));
            }
        }
        return figure.applyAsDouble(last);
    }

    /**
     * A policy against the frontier at its own cost.
     *
     * @param hpaUAtSameCost the lowest U % a frontier setting reaches at that cost
     * @param hpaDropAtSameCost the lowest Drop % a frontier setting reaches at that cost
     */
    public record Comparison(double hpaUAtSameCost, double hpaDropAtSameCost) {

        /** Whether a policy with these figures is short less often and drops less than the frontier. */
        public boolean below(double underProvisionedPct, double droppedPct) {
            return underProvisionedPct < hpaUAtSameCost && droppedPct < hpaDropAtSameCost;
        }
    }

    /**
     * One HPA setting's figures.
     *
     * @param target the utilisation target
     * @param windowMinutes the scale-down stabilisation window
     */
    public record FrontierPoint(double target, int windowMinutes, double underProvisionedPct, double droppedPct,
                                double costVsOracle, int scaleChanges) {
    }
}
