package dev.prescient.trainer.backtest;

import dev.prescient.common.accuracy.AccuracySnapshot;
import dev.prescient.common.forecast.eval.ForecasterScore;

import java.util.Locale;
import java.util.Map;

/** The plain-text summary the backtest prints. */
public final class ResultsTable {

    private ResultsTable() {
    }

    public static String render(BacktestResult r) {
        StringBuilder sb = new StringBuilder();
        Scenario s = r.scenario();
        sb.append(String.format(Locale.ROOT, "backtest of %s: %d minutes simulated, C = %.1f (trace units) per pod, "
                + "start-up delay %d min, metrics lag %d min%n%n", r.trace(), s.simulatedMinutes(), s.capacityPerPod(),
                s.startupDelayMinutes(), s.metricsLagMinutes()));
        sb.append(String.format(Locale.ROOT, "%-22s %8s %8s %8s %12s %8s%n", "policy", "U %", "Drop %", "Cost",
                "pod-minutes", "changes"));
        for (PolicyResult p : r.policies()) {
            sb.append(String.format(Locale.ROOT, "%-22s %8.2f %8.2f %8.3f %12d %8d%n", p.name(),
                    p.underProvisionedPct(), p.droppedPct(), p.costVsOracle(), p.podMinutes(), p.scaleChanges()));
        }
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

    private static String range(AccuracyRange a) {
        return String.format(Locale.ROOT, "; over %d judgements of the last %s, MASE reached %.3f (%s) and p90 "
                + "coverage fell to %.3f (%s)", a.judgements(), AccuracySnapshot.Window.format(a.window()), a.maxMase(),
                a.maxMaseAt(), a.minP90Coverage(), a.minP90CoverageAt());
    }
}
