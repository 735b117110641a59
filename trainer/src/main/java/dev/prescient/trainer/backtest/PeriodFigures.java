package dev.prescient.trainer.backtest;

import java.util.ArrayList;
import java.util.List;

/**
 * One policy's figures over the part of the simulation from {@code fromMinute} on (e.g. after an injected regime
 * change), computed from its ready and total pods exactly as {@link Simulator} computes the whole run's.
 *
 * @param policy policy name
 * @param fromMinute first minute of the period (the simulation's end is its end)
 * @param underProvisionedPct % of the period's minutes with demand above ready capacity
 * @param droppedPct % of the period's demand that found no ready capacity
 * @param podMinutes ready + starting pod-minutes in the period
 * @param costVsOracle {@code podMinutes} divided by the oracle's over the same period
 */
public record PeriodFigures(String policy, int fromMinute, double underProvisionedPct, double droppedPct,
                            long podMinutes, double costVsOracle) {

    /**
     * @param fromMinute first minute of the period; clamped to the simulated span
     */
    public static List<PeriodFigures> of(BacktestResult r, int fromMinute) {
        Scenario s = r.scenario();
        int from = Math.max(s.firstMinute(), Math.min(s.endMinute() - 1, fromMinute));
        long oracle = podMinutes(new Simulator(r.demand(), s).oracle().total(), from - s.firstMinute());
        List<PeriodFigures> out = new ArrayList<>();
        for (PolicyResult p : r.policies()) {
            out.add(figures(r, p, from, oracle));
        }
        return out;
    }

    private static PeriodFigures figures(BacktestResult r, PolicyResult p, int from, long oraclePodMinutes) {
        Scenario s = r.scenario();
        double c = s.capacityPerPod();
        int under = 0;
        double dropped = 0;
        double served = 0;
        int n = 0;
        for (int t = from; t < s.endMinute(); t++) {
            if (!s.simulates(t)) {
                continue;
            }
            n++;
            double demand = r.demand()[t];
            double capacity = p.ready()[t - s.firstMinute()] * c;
            if (demand > capacity + 1e-9) {
                under++;
                dropped += demand - capacity;
            }
            served += demand;
        }
        long pods = podMinutes(p.total(), from - s.firstMinute());
        return new PeriodFigures(p.name(), from, 100.0 * under / n, served == 0 ? 0 : 100.0 * dropped / served, pods,
                (double) pods / oraclePodMinutes);
    }

    private static long podMinutes(int[] total, int fromIndex) {
        long sum = 0;
        for (int i = fromIndex; i < total.length; i++) {
            sum += total[i];
        }
        return sum;
    }
}
