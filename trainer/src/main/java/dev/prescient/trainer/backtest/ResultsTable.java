package dev.prescient.trainer.backtest;

import dev.prescient.common.accuracy.AccuracySnapshot;
import dev.prescient.common.forecast.eval.ForecasterScore;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The plain-text summary the backtest prints. */
public final class ResultsTable {

    private ResultsTable() {
    }

    public static String render(BacktestResult r) {
        StringBuilder sb = new StringBuilder();
        Scenario s = r.scenario();
        sb.append(String.format(Locale.ROOT, "backtest of %s: %d minutes simulated, C = %.1f %s per pod, "
                + "start-up delay %d min, metrics lag %d min, signal %s%n", r.source().describe(), s.simulatedMinutes(),
                s.capacityPerPod(), r.source().unit(), s.startupDelayMinutes(), s.metricsLagMinutes(), r.signal()));
        if (s.segments().size() > 1) {
            sb.append(String.format(Locale.ROOT, "%d segments split at gaps:", s.segments().size()));
            for (Segment g : s.segments()) {
                sb.append(String.format(Locale.ROOT, " [%s, %s)", at(r, g.firstMinute()), at(r, g.endMinute())));
            }
            sb.append(String.format(Locale.ROOT, "%n"));
        }
        List<Segment.Gap> gaps = s.segments().stream().flatMap(g -> g.gaps().stream()).toList();
        if (!gaps.isEmpty()) {
            sb.append(String.format(Locale.ROOT, "%d gaps lived through, not simulated (%d minutes):", gaps.size(),
                    gaps.stream().mapToInt(Segment.Gap::minutes).sum()));
            for (Segment.Gap g : gaps.subList(0, Math.min(5, gaps.size()))) {
                sb.append(String.format(Locale.ROOT, " [%s, %s)", at(r, g.from()), at(r, g.to())));
            }
            sb.append(gaps.size() > 5 ? " …" : "").append(String.format(Locale.ROOT, "%n"));
        }
        sb.append(String.format(Locale.ROOT, "%n%-22s %8s %8s %8s %12s %8s %11s%n", "policy", "U %", "Drop %", "Cost",
                "pod-minutes", "changes", "changes/day"));
        for (PolicyResult p : r.policies()) {
            sb.append(String.format(Locale.ROOT, "%-22s %8.2f %8.2f %8.3f %12d %8d %11.1f%n", p.name(),
                    p.underProvisionedPct(), p.droppedPct(), p.costVsOracle(), p.podMinutes(), p.scaleChanges(),
                    r.scaleChangesPerDay(p)));
        }
        r.frontier().ifPresent(f -> frontier(sb, r, f));
        churn(sb, r);
        sizings(sb, r);
        for (ScaleInjection i : r.injections()) {
            sb.append(String.format(Locale.ROOT, "%ninjected: demand %s%n", i));
        }
        if (r.periodFromMinute().isPresent()) {
            sb.append(String.format(Locale.ROOT, "%nfrom %s on:%n%-22s %8s %8s %8s %12s%n",
                    r.minuteZero().plusSeconds(60L * r.periodFromMinute().getAsInt()), "policy", "U %", "Drop %",
                    "Cost", "pod-minutes"));
            for (PeriodFigures f : r.periodFigures()) {
                sb.append(String.format(Locale.ROOT, "%-22s %8.2f %8.2f %8.3f %12d%n", f.policy(),
                        f.underProvisionedPct(), f.droppedPct(), f.costVsOracle(), f.podMinutes()));
            }
        }
        if (r.policies().stream().anyMatch(p -> p.name().equals("prescient"))) {
            sb.append(String.format(Locale.ROOT, "%nprescient demoted %d time(s)%s%n", r.demotions().size(),
                    r.judgedAccuracy().map(ResultsTable::range).orElse(" (demotion off)")));
            for (DemotionInterval d : r.demotions()) {
                sb.append(String.format(Locale.ROOT, "  %s – %s (%d min): %s%n",
                        r.minuteZero().plusSeconds(60L * d.fromMinute()), r.minuteZero().plusSeconds(60L * d.toMinute()),
                        d.minutes(), d.reason()));
            }
        }
        if (!r.forecasts().isEmpty()) {
            sb.append(String.format(Locale.ROOT, "%n%-16s %10s %9s %7s %10s%n", "forecaster", "MAE", "sMAPE %",
                    "MASE", "p90 cov %"));
            for (Map.Entry<String, ForecasterScore> e : r.forecasts().entrySet()) {
                ForecasterScore f = e.getValue();
                sb.append(String.format(Locale.ROOT, "%-16s %10.2f %9.2f %7.3f %10.1f%n", e.getKey(), f.mae(),
                        f.smapePercent(), f.mase(), f.p90CoveragePercent()));
            }
        }
        return sb.toString();
    }

    /** A line per policy: its U and Drop against the lowest the tuned HPA reaches at the same cost. */
    private static void frontier(StringBuilder sb, BacktestResult r, HpaFrontier f) {
        sb.append(String.format(Locale.ROOT, "%nagainst the tuned-HPA frontier (%d settings: targets 0.30-0.95, "
                + "scale-down windows %s min; lowest U and Drop at the same cost):%n", f.points().size(),
                HpaFrontier.WINDOWS));
        for (PolicyResult p : r.policies()) {
            if (p.name().equals("oracle")) {
                continue;
            }
            HpaFrontier.Comparison c = f.at(p.costVsOracle());
            boolean below = c.below(p.underProvisionedPct(), p.droppedPct());
            sb.append(String.format(Locale.ROOT, "  %-20s U %6.2f vs %6.2f, Drop %6.2f vs %6.2f at cost %.3f: %s%n",
                    p.name(), p.underProvisionedPct(), c.hpaUAtSameCost(), p.droppedPct(), c.hpaDropAtSameCost(),
                    p.costVsOracle(), below ? "below the frontier"
                            : p.underProvisionedPct() < c.hpaUAtSameCost() || p.droppedPct() < c.hpaDropAtSameCost()
                            ? "below on one figure only" : "not below the frontier"));
        }
    }

    /** Flags every policy that changes scale more often than the HPA: pod churn is a cost users see. */
    private static void churn(StringBuilder sb, BacktestResult r) {
        r.policy("hpa").ifPresent(hpa -> {
            String sep = "%n";
            for (PolicyResult p : r.policies()) {
                if (!p.name().equals("hpa") && !p.name().equals("oracle") && p.scaleChanges() > hpa.scaleChanges()) {
                    sb.append(String.format(Locale.ROOT, sep + "churn: %s changes scale %.1f times a day, more often "
                            + "than hpa (%.1f)%n", p.name(), r.scaleChangesPerDay(p), r.scaleChangesPerDay(hpa)));
                    sep = "";
                }
            }
        });
    }

    /** What the prescient policy learnt at its refits, in one line per refit. */
    private static void sizings(StringBuilder sb, BacktestResult r) {
        if (r.sizings().isEmpty()) {
            return;
        }
        sb.append(String.format(Locale.ROOT, "%nlearnt sizing (SLO %.2f %% of minutes short), per refit:%n",
                r.sizings().values().iterator().next().sloShortMinutesPct()));
        r.sizings().forEach((minute, s) -> {
            String floor = s.floor().map(f -> String.format(Locale.ROOT, "floor p50 + %.2f × spread%s%s%s%s",
                    f.headroom().pooled(), leastSpread(f), f.headroom().phased() ? " (own headroom for " + f.headroom().byPhase().size() + " "
                            + f.headroom().binMinutes() + "-min bin(s) of the " + (f.headroom().periodMinutes() == 60
                            ? "hour" : "day") + ")" : "",
                    f.memoryDays() > 0 ? ", memory " + f.memoryDays() + " d" : "",
                    f.holdMinutes() > 0 ? ", hold " + f.holdMinutes() + " min" : "")).orElse("no floor");
            sb.append(String.format(Locale.ROOT, "  %s  %-70s HPA %.2f/%d min; calibration U %.2f %%, cost %.3f of "
                    + "the reference HPA%n", at(r, minute), floor, s.reactive().targetUtilization(),
                    s.reactive().scaleDownWindowMinutes(), s.calibration().underProvisionedPct(),
                    s.calibration().costVsReference()));
        });
    }

    /** The least spread the headroom counts in, unless it is the default (a sizing learnt before it was). */
    static String leastSpread(dev.prescient.common.policy.Sizing.Floor f) {
        return f.minSpreadFraction() > dev.prescient.common.policy.Sizing.Floor.DEFAULT_MIN_SPREAD_FRACTION
                ? String.format(Locale.ROOT, " (spread ≥ %.1f %% of p50)", 100 * f.minSpreadFraction()) : "";
    }

    private static String at(BacktestResult r, int minute) {
        return r.minuteZero().plusSeconds(60L * minute).toString();
    }

    private static String range(AccuracyRange a) {
        return String.format(Locale.ROOT, "; over %d judgements of the last %s, MASE reached %.3f (%s) and p90 "
                + "coverage fell to %.3f (%s)", a.judgements(), AccuracySnapshot.Window.format(a.window()), a.maxMase(),
                a.maxMaseAt(), a.minP90Coverage(), a.minP90CoverageAt());
    }
}
