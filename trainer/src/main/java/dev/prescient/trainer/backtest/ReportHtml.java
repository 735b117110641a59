package dev.prescient.trainer.backtest;

import dev.prescient.common.accuracy.AccuracySnapshot;
import dev.prescient.common.forecast.eval.ForecasterScore;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * Writes {@code report.html}: one self-contained page that works offline. The summary tables are
 * plain HTML; the charts (demand vs ready capacity per policy, forecast p50/p90 vs actual per
 * forecaster, the prescient policy's decisions per day) are drawn on canvases by the inline script
 * {@code report/report.js} from the data of {@link ReportData}. A Content-Security-Policy forbids
 * every fetch, so the page cannot depend on the network by accident.
 */
public final class ReportHtml {

    static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
            + "img-src data:";
    private static final String CSS = resource("report/report.css");
    private static final String JS = resource("report/report.js");

    private ReportHtml() {
    }

    public static String render(BacktestResult r) {
        StringBuilder sb = new StringBuilder(64 * 1024);
        sb.append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(CSP).append("\">\n")
                .append("<title>Prescient backtest – ").append(escape(r.source().title())).append("</title>\n")
                .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n")
                .append("<header><h1>Prescient backtest</h1><p class=\"trace\">").append(escape(r.source().describe()))
                .append("</p></header>\n");
        scenario(sb, r);
        policies(sb, r);
        frontier(sb, r);
        sizings(sb, r);
        forecasters(sb, r);
        demotions(sb, r);
        sb.append("""
                <nav id="controls" aria-label="day"></nav>
                <section id="capacity"><h2>Demand vs ready capacity</h2>
                <p class="note">Demand and ready pods × C per simulated minute; red shading and ticks mark \
                under-provisioned minutes (demand &gt; ready × C). Light line: ready + starting pods × C. Violet \
                bands: the prescient policy's forecasts were demoted.</p>
                <div id="policy-charts" class="charts"></div></section>
                <section id="forecasts"><h2>Forecast vs actual</h2>
                <p class="note">Each minute shows the latest forecast made at or before it (the first steps of \
                each origin's 30-minute forecast, stitched): p50 line and p50–p90 band over the actual demand.</p>
                <div id="track-charts" class="charts"></div></section>
                <section id="decisions"><h2>Prescient decisions</h2><div id="decision-table"></div></section>
                <noscript><p class="note">The charts need JavaScript; the tables above do not.</p></noscript>
                """);
        sb.append("<script type=\"application/json\" id=\"report-data\">").append(ReportData.embeddableJson(r))
                .append("</script>\n<script>\n").append(JS).append("</script>\n</body>\n</html>\n");
        return sb.toString();
    }

    public static void write(BacktestResult r, Path file) {
        try {
            Files.writeString(file, render(r), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write backtest report to " + file + ": " + e.getMessage(), e);
        }
    }

    /** The number of canvases the script draws for {@code r}: one per policy and one per forecast track. */
    public static int chartCount(BacktestResult r) {
        return r.policies().size() + r.tracks().size();
    }

    private static void scenario(StringBuilder sb, BacktestResult r) {
        Scenario s = r.scenario();
        Instant from = r.minuteZero().plusSeconds(60L * s.firstMinute());
        Instant to = r.minuteZero().plusSeconds(60L * s.endMinute());
        sb.append("<section id=\"scenario\"><h2>Scenario</h2><dl>");
        item(sb, "C (capacity per pod)", fmt("%.1f %s", s.capacityPerPod(), r.source().unit()));
        item(sb, "D (start-up delay)", fmt("%d min", s.startupDelayMinutes()));
        item(sb, "Metrics lag", fmt("%d min", s.metricsLagMinutes()));
        item(sb, "Simulated minutes", fmt("%,d", s.simulatedMinutes()));
        item(sb, "Signal the policies see", r.signal().isRaw() ? "raw per-minute demand"
                : "rate over " + r.signal().windowMinutes() + " min (trailing mean, as Prometheus' rate() returns it)");
        if (s.segments().size() > 1) {
            StringBuilder spans = new StringBuilder();
            for (Segment g : s.segments()) {
                spans.append(spans.length() == 0 ? "" : "; ")
                        .append(r.minuteZero().plusSeconds(60L * g.firstMinute())).append(" – ")
                        .append(r.minuteZero().plusSeconds(60L * g.endMinute()));
            }
            item(sb, "Segments (split at gaps as long as the history)", spans.toString());
        }
        int bridged = 0;
        int bridgedMinutes = 0;
        for (Segment g : s.segments()) {
            bridged += g.gaps().size();
            bridgedMinutes += g.gaps().stream().mapToInt(Segment.Gap::minutes).sum();
        }
        if (bridged > 0) {
            item(sb, "Gaps lived through (not simulated)", fmt("%d, %,d minutes", bridged, bridgedMinutes));
        }
        item(sb, "Span (UTC)", from + " – " + to + fmt(" (%.1f days)", s.simulatedMinutes() / 1440.0));
        for (ScaleInjection i : r.injections()) {
            item(sb, "Injected regime change", "demand " + i);
        }
        sb.append("</dl></section>\n");
    }

    private static void policies(StringBuilder sb, BacktestResult r) {
        sb.append("<section id=\"summary\"><h2>Policies</h2><table class=\"figures\" id=\"policy-table\"><thead><tr>")
                .append("<th>policy</th><th>U %</th><th>Drop %</th><th>Cost vs oracle</th><th>pod-minutes</th>")
                .append("<th>scale changes</th></tr></thead><tbody>\n");
        for (PolicyResult p : r.policies()) {
            sb.append("<tr><th>").append(escape(p.name())).append("</th>")
                    .append(cell(fmt("%.2f", p.underProvisionedPct()))).append(cell(fmt("%.2f", p.droppedPct())))
                    .append(cell(fmt("%.3f", p.costVsOracle()))).append(cell(fmt("%,d", p.podMinutes())))
                    .append(cell(fmt("%,d", p.scaleChanges()))).append("</tr>\n");
        }
        sb.append("</tbody></table>\n<p class=\"note\">U % = minutes with demand above ready capacity; ")
                .append("Drop % = share of demand that found no ready pod; Cost = pod-minutes (ready + starting) ")
                .append("divided by the oracle's.</p>\n");
        period(sb, r);
    }

    /** Each policy against the tuned-HPA frontier: a line of the table per policy and the two plots. */
    private static void frontier(StringBuilder sb, BacktestResult r) {
        if (r.frontier().isEmpty()) {
            return;
        }
        HpaFrontier f = r.frontier().get();
        sb.append("<h3>Against the tuned HPA</h3><p class=\"note\">The emulated HPA at every target from 0.30 to 0.95 ")
                .append("and scale-down windows of ").append(escape(HpaFrontier.WINDOWS.toString()))
                .append(" minutes: the lowest U and Drop a tuned HPA reaches at each policy's cost.</p>")
                .append("<table class=\"figures\" id=\"frontier-table\"><thead><tr><th>policy</th><th>cost</th>")
                .append("<th>U %</th><th>HPA U % at that cost</th><th>Drop %</th><th>HPA Drop % at that cost</th>")
                .append("<th>changes/day</th><th></th></tr></thead><tbody>\n");
        double hpaChanges = r.policy("hpa").map(r::scaleChangesPerDay).orElse(Double.NaN);
        for (PolicyResult p : r.policies()) {
            if (p.name().equals("oracle")) {
                continue;
            }
            HpaFrontier.Comparison c = f.at(p.costVsOracle());
            boolean below = c.below(p.underProvisionedPct(), p.droppedPct());
            double perDay = r.scaleChangesPerDay(p);
            String verdict = (below ? "below the frontier" : "not below the frontier")
                    + (perDay > hpaChanges ? "; changes scale more often than hpa" : "");
            sb.append("<tr class=\"").append(below ? "below" : "above").append("\"><th>").append(escape(p.name()))
                    .append("</th>").append(cell(fmt("%.3f", p.costVsOracle())))
                    .append(cell(fmt("%.2f", p.underProvisionedPct()))).append(cell(fmt("%.2f", c.hpaUAtSameCost())))
                    .append(cell(fmt("%.2f", p.droppedPct()))).append(cell(fmt("%.2f", c.hpaDropAtSameCost())))
                    .append(cell(fmt("%.1f", perDay))).append(cell(verdict)).append("</tr>\n");
        }
        sb.append("</tbody></table>\n<div id=\"frontier-charts\" class=\"charts\"></div>\n");
    }

    /** What the prescient policy learnt at each refit, as the trainer would have shipped it with the model. */
    private static void sizings(StringBuilder sb, BacktestResult r) {
        if (r.sizings().isEmpty()) {
            return;
        }
        sb.append("<h3>Learnt sizing</h3><p class=\"note\">At every refit the sizing is learnt from the newest day of ")
                .append("history, which the model that made its forecasts never trained on: the cheapest setting that ")
                .append("kept that day's short minutes within the SLO and changed scale no more often than an HPA at ")
                .append("0.7.</p><table class=\"figures\" id=\"sizing-table\"><thead><tr><th>from (UTC)</th>")
                .append("<th>floor</th><th>HPA under it</th><th>calibration U %</th><th>cost vs HPA 0.7</th>")
                .append("<th>meets SLO</th></tr></thead><tbody>\n");
        r.sizings().forEach((minute, s) -> {
            String floor = s.floor().map(f -> fmt("p50 + %.2f × spread", f.headroom().pooled())
                    + ResultsTable.leastSpread(f)
                    + (f.headroom().phased() ? fmt(" (%d phases differ)", f.headroom().byPhase().size()) : "")
                    + (f.memoryDays() > 0 ? fmt(", memory %d d", f.memoryDays()) : "")
                    + (f.holdMinutes() > 0 ? fmt(", hold %d min", f.holdMinutes()) : "")).orElse("none");
            sb.append("<tr>").append(cell(r.minuteZero().plusSeconds(60L * minute).toString())).append(cell(floor))
                    .append(cell(fmt("%.2f, %d-min window", s.reactive().targetUtilization(),
                            s.reactive().scaleDownWindowMinutes())))
                    .append(cell(fmt("%.2f", s.calibration().underProvisionedPct())))
                    .append(cell(fmt("%.3f", s.calibration().costVsReference())))
                    .append(cell(s.calibration().meetsSlo() ? "yes" : "no")).append("</tr>\n");
        });
        sb.append("</tbody></table>\n");
    }

    /** Each policy's figures over the reported period, under the whole run's table. */
    private static void period(StringBuilder sb, BacktestResult r) {
        if (r.periodFromMinute().isEmpty()) {
            return;
        }
        Instant from = r.minuteZero().plusSeconds(60L * r.periodFromMinute().getAsInt());
        sb.append("<h3>From ").append(escape(from.toString())).append(" on</h3>")
                .append("<table class=\"figures\" id=\"period-table\"><thead><tr><th>policy</th><th>U %</th>")
                .append("<th>Drop %</th><th>Cost vs oracle</th><th>pod-minutes</th></tr></thead><tbody>\n");
        for (PeriodFigures f : r.periodFigures()) {
            sb.append("<tr><th>").append(escape(f.policy())).append("</th>")
                    .append(cell(fmt("%.2f", f.underProvisionedPct()))).append(cell(fmt("%.2f", f.droppedPct())))
                    .append(cell(fmt("%.3f", f.costVsOracle()))).append(cell(fmt("%,d", f.podMinutes())))
                    .append("</tr>\n");
        }
        sb.append("</tbody></table>\n");
    }

    /** When the prescient policy's forecasts were demoted (the charts shade the same spans). */
    private static void demotions(StringBuilder sb, BacktestResult r) {
        boolean prescient = r.policies().stream().anyMatch(p -> p.name().equals("prescient"));
        if (!prescient && r.demotions().isEmpty()) {
            return;
        }
        sb.append("<section id=\"demotions\"><h2>Demotions</h2>");
        r.judgedAccuracy().filter(a -> a.judgements() > 0).ifPresent(a -> sb.append("<p class=\"note\" ")
                .append("id=\"judged-accuracy\">Live accuracy of the forecasts used, judged ")
                .append(fmt("%,d", a.judgements())).append(" times over the last ")
                .append(escape(AccuracySnapshot.Window.format(a.window()))).append(": MASE reached ")
                .append(fmt("%.3f", a.maxMase())).append(" (").append(escape(String.valueOf(a.maxMaseAt())))
                .append("), p90 coverage fell to ").append(fmt("%.3f", a.minP90Coverage())).append(" (")
                .append(escape(String.valueOf(a.minP90CoverageAt()))).append(").</p>"));
        if (r.demotions().isEmpty()) {
            sb.append("<p class=\"note\" id=\"demotion-none\">The prescient policy's forecasts were never demoted.</p>")
                    .append("</section>\n");
            return;
        }
        sb.append("<table class=\"figures\" id=\"demotion-table\"><thead><tr><th>from (UTC)</th><th>to</th>")
                .append("<th>minutes</th><th>why</th><th>ended</th></tr></thead><tbody>\n");
        for (DemotionInterval d : r.demotions()) {
            sb.append("<tr>").append(cell(r.minuteZero().plusSeconds(60L * d.fromMinute()).toString()))
                    .append(cell(r.minuteZero().plusSeconds(60L * d.toMinute()).toString()))
                    .append(cell(fmt("%,d", d.minutes()))).append(cell(d.reason())).append(cell(d.endReason()))
                    .append("</tr>\n");
        }
        sb.append("</tbody></table>\n<p class=\"note\">While demoted the policy does not use the forecast: in ")
                .append("hpa-floor mode the floor returns to the baseline and the HPA alone scales.</p></section>\n");
    }

    private static void forecasters(StringBuilder sb, BacktestResult r) {
        if (r.forecasts().isEmpty()) {
            sb.append("</section>\n");
            return;
        }
        sb.append("<h2>Forecasters</h2><table class=\"figures\" id=\"forecaster-table\"><thead><tr>")
                .append("<th>forecaster</th><th>MAE</th><th>sMAPE %</th><th>MASE</th><th>p90 coverage %</th>")
                .append("<th>origins</th></tr></thead><tbody>\n");
        for (Map.Entry<String, ForecasterScore> e : r.forecasts().entrySet()) {
            ForecasterScore f = e.getValue();
            sb.append("<tr><th>").append(escape(e.getKey())).append("</th>")
                    .append(cell(fmt("%.2f", f.mae()))).append(cell(fmt("%.2f", f.smapePercent())))
                    .append(cell(fmt("%.3f", f.mase()))).append(cell(fmt("%.1f", f.p90CoveragePercent())))
                    .append(cell(fmt("%,d", f.origins()))).append("</tr>\n");
        }
        sb.append("</tbody></table>\n<p class=\"note\">Rolling origin: an origin every ")
                .append(Backtest.DECISION_MINUTES).append(" min, ").append(Backtest.HORIZON_MINUTES)
                .append("-minute horizon, refit every 24 h; MASE against the seasonal-naive in-sample error.</p>")
                .append("</section>\n");
    }

    private static void item(StringBuilder sb, String term, String value) {
        sb.append("<div><dt>").append(escape(term)).append("</dt><dd>").append(escape(value)).append("</dd></div>");
    }

    private static String cell(String text) {
        return "<td>" + escape(text) + "</td>";
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    /** {@code text} safe as HTML element content or a quoted attribute value. */
    static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String resource(String name) {
        try (InputStream in = ReportHtml.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("report template " + name + " is missing from the trainer jar; "
                        + "rebuild the trainer");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read report template " + name + ": " + e.getMessage(), e);
        }
    }
}
