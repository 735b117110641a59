package dev.prescient.trainer.cli.models;

import dev.prescient.common.policy.Headroom;
import dev.prescient.common.policy.Sizing;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** How {@code models show} prints a version's learnt sizing ({@code sizing.json}). */
final class SizingTable {

    private SizingTable() {
    }

    static TextTable of(Optional<Sizing> sizing) {
        TextTable table = new TextTable("SIZING", "VALUE");
        if (sizing.isEmpty()) {
            return table.row("sizing", "none: no sizing.json (trained before sizing was learnt, or the trainer could"
                    + " not learn one); the actuator sizes this version as untrained");
        }
        Sizing s = sizing.get();
        table.row("slo", "at most " + pct(s.sloShortMinutesPct()) + " % of minutes short")
                .row("learnt for", "decision interval " + s.decisionIntervalMinutes() + " min, start-up delay "
                        + s.startupDelayMinutes() + " min");
        if (s.floor().isEmpty()) {
            table.row("floor", "none: the reactive HPA alone scales (a floor did not pay for itself on the"
                    + " calibration span)");
        } else {
            Sizing.Floor f = s.floor().get();
            table.row("floor headroom", headroom(f.headroom()))
                    .row("floor spread", "p90 - p50, at least " + pct(100 * f.minSpreadFraction()) + " % of p50")
                    .row("floor memory", f.memoryDays() == 0 ? "none" : f.memoryDays() + " days")
                    .row("floor hold", f.holdMinutes() + " min");
        }
        Sizing.Calibration c = s.calibration();
        return table.row("reactive", "target " + Formats.number(s.reactive().targetUtilization())
                        + ", scale-down window " + s.reactive().scaleDownWindowMinutes() + " min")
                .row("calibration", pct(c.underProvisionedPct()) + " % of " + c.minutes() + " minutes short vs SLO "
                        + pct(s.sloShortMinutesPct()) + " %: " + (c.meetsSlo() ? "meets SLO" : "MISSES SLO")
                        + (Double.isNaN(c.chosenWithinPct()) ? "" : "; chosen within " + pct(c.chosenWithinPct())
                        + " % (the SLO tightened for how much more often a choice was short on a day left out)"))
                .row("cost vs reference", Formats.number(c.costVsReference()) + " (reference: HPA at 0.7, 5-min window)")
                .row("scale changes", c.scaleChanges() + " (reference " + c.referenceScaleChanges() + ")")
                .row("settings tried", c.settingsTried());
    }

    /**
     * {@code 0.800 spreads pooled; :30-:34 2.400} (phases of the hour) or {@code ...; 14:00-14:59 1.900} (bins of the
     * day: hours, or {@code 01:30-01:34} at the hour's bin width), phases in cycle order.
     */
    static String headroom(Headroom h) {
        List<String> parts = new ArrayList<>();
        parts.add(Formats.number(h.pooled()) + " spreads pooled");
        for (Map.Entry<Integer, Double> e : new TreeMap<>(h.byPhase()).entrySet()) {
            int from = e.getKey() * h.binMinutes();
            int to = from + h.binMinutes() - 1;
            String phase = h.periodMinutes() == 60 ? String.format(Locale.ROOT, ":%02d-:%02d", from, to)
                    : String.format(Locale.ROOT, "%02d:%02d-%02d:%02d", from / 60, from % 60, to / 60, to % 60);
            parts.add(phase + " " + Formats.number(e.getValue()));
        }
        return String.join("; ", parts);
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
