package dev.prescient.trainer.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReportHtmlTest {

    private static final Pattern DATA = Pattern.compile(
            "<script type=\"application/json\" id=\"report-data\">(.*?)</script>", Pattern.DOTALL);
    private static final BacktestResult RESULT = SyntheticBacktest.result("traces/synthetic.csv");

    @Test
    void pageLoadsNothingFromOutside() {
        String html = ReportHtml.render(RESULT);

        assertThat(html).doesNotContain("http://", "https://", "<link", "@import", "url(", "fetch(", "XMLHttpRequest");
        assertThat(Pattern.compile("\\s(src|href)\\s*=", Pattern.CASE_INSENSITIVE).matcher(html).find()).isFalse();
        assertThat(tags(html, "<script[^>]*>"))
                .containsExactly("<script type=\"application/json\" id=\"report-data\">", "<script>");
        assertThat(html).contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "<tr><th>oracle</th><td>0.00</td><td>0.00</td><td>1.000</td><td>312,444</td><td>4,713</td></tr>",
        "<tr><th>hpa</th><td>3.48</td><td>5.79</td><td>1.434</td><td>448,076</td><td>2,706</td></tr>",
        "<tr><th>seasonal-naive</th><td>123.46</td><td>12.35</td><td>0.877</td><td>91.3</td><td>576</td></tr>",
        "<dt>C (capacity per pod)</dt><dd>100.0 requests/min</dd>",
        "<dt>D (start-up delay)</dt><dd>3 min</dd>",
        "<dt>Metrics lag</dt><dd>1 min</dd>",
        "<dt>Simulated minutes</dt><dd>2,880</dd>",
        "<dt>Span (UTC)</dt><dd>2024-03-04T00:00:00Z – 2024-03-06T00:00:00Z (2.0 days)</dd>",
    })
    void showsTheSummaryFiguresAndTheScenario(String fragment) {
        PolicyResult oracle = RESULT.policies().get(0);
        BacktestResult r = SyntheticBacktest.withPolicies(RESULT, List.of(
                new PolicyResult("oracle", 0, 0, 312444, 1.0, 4713, oracle.ready(), oracle.total()),
                new PolicyResult("hpa", 3.48322, 5.7912, 448076, 1.43412, 2706, oracle.ready(), oracle.total())));

        assertThat(ReportHtml.render(r)).contains(fragment);
    }

    @Test
    void escapesTheTraceNameInTextAndData() throws Exception {
        String trace = "x/<script>alert('pwned')</script>&.csv";
        String html = ReportHtml.render(SyntheticBacktest.result(trace));

        assertThat(html).doesNotContain("<script>alert").doesNotContain("<b>needs</b>")
                .contains("<p class=\"trace\">trace x/&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;&amp;.csv</p>")
                .contains("<title>Prescient backtest – script&gt;&amp;.csv</title>");
        assertThat(tags(html, "<script[^>]*>")).hasSize(2);
        assertThat(tags(html, "</script>")).hasSize(2);
        assertThat(data(html).get("trace").asText()).isEqualTo(trace);
    }

    @Test
    void embedsDemandPodsForecastsAndDecisions() throws Exception {
        JsonNode data = data(ReportHtml.render(RESULT));

        assertThat(data.get("t0").asLong()).isEqualTo(SyntheticBacktest.MINUTE_ZERO.plusSeconds(60L * 4320).toEpochMilli());
        assertThat(data.get("minutes").asInt()).isEqualTo(2880);
        double[] demand = SyntheticBacktest.demand();
        double[] shown = decodeDeltas(data.get("demand"), data.get("quantum").asDouble());
        assertThat(shown).hasSize(2880);
        for (int i = 0; i < shown.length; i++) {
            assertThat(shown[i]).as("demand at simulated minute %d", i).isCloseTo(demand[4320 + i], within(0.5));
        }
        for (int p = 0; p < 2; p++) {
            JsonNode policy = data.get("policies").get(p);
            assertThat(policy.get("name").asText()).isEqualTo(RESULT.policies().get(p).name());
            assertThat(decodeRuns(policy.get("ready"))).containsExactly(RESULT.policies().get(p).ready());
            assertThat(decodeRuns(policy.get("total"))).containsExactly(RESULT.policies().get(p).total());
        }
        JsonNode track = data.get("tracks").get(0);
        double[] p90 = decodeDeltas(track.get("p90"), data.get("forecastQuantum").asDouble());
        // minute 4327 is step 2 of the origin at 4325: 1.2 × demand a day earlier
        assertThat(p90[7]).isCloseTo(1.2 * demand[4327 - 1440], within(5.0));
        JsonNode decisions = data.get("decisions");
        assertThat(decisions).hasSize(576);
        assertThat(decisions.get(71).toString()).isEqualTo("[4675,\"up\",36,\"decided up at minute 4675 <b>needs</b> 36\"]");
    }

    @Test
    void listsDemotionsAndThePeriodsFiguresAndEmbedsTheDemotedSpans() throws Exception {
        BacktestResult r = SyntheticBacktest.withDemotion("synthetic.csv");
        String html = ReportHtml.render(r);

        assertThat(html).contains("<section id=\"demotions\"><h2>Demotions</h2>", "id=\"demotion-table\"",
                "<tr><td>2024-03-04T13:00:00Z</td><td>2024-03-04T16:00:00Z</td><td>180</td>"
                        + "<td>p90 coverage 0.550 over the last 24h is below the limit 0.70 (1,380 points)</td>",
                "<dt>Injected regime change</dt><dd>demand ×2 from 2024-03-04T06:00:00Z</dd>",
                "<h3>From 2024-03-04T06:00:00Z on</h3>", "id=\"period-table\"",
                "Live accuracy of the forecasts used, judged 412 times over the last 24h: MASE reached 1.430 "
                        + "(2024-03-04T12:55:00Z), p90 coverage fell to 0.550 (2024-03-04T13:00:00Z).");
        PeriodFigures hpa = r.periodFigures().get(1);
        assertThat(html).contains(String.format(java.util.Locale.ROOT, "<tr><th>hpa</th><td>%.2f</td><td>%.2f</td>"
                + "<td>%.3f</td>", hpa.underProvisionedPct(), hpa.droppedPct(), hpa.costVsOracle()));
        assertThat(data(html).get("demotions").toString()).isEqualTo("[[780,960,\"" + SyntheticBacktest.DEMOTED.reason()
                + "\"]]");
    }

    @Test
    void saysSoWhenThePrescientPolicyWasNeverDemotedAndOmitsTheSectionWithoutIt() {
        BacktestResult plain = SyntheticBacktest.result("synthetic.csv");
        PolicyResult hpa = plain.policies().get(1);
        BacktestResult withPrescient = SyntheticBacktest.withPolicies(plain, List.of(plain.policies().get(0),
                new PolicyResult("prescient", 1, 1, 1, 1, 1, hpa.ready(), hpa.total())));

        assertThat(ReportHtml.render(withPrescient))
                .contains("<p class=\"note\" id=\"demotion-none\">The prescient policy's forecasts were never demoted.</p>");
        assertThat(ReportHtml.render(plain)).doesNotContain("id=\"demotions\"").doesNotContain("period-table");
    }

    @Test
    void writesTheSamePageToTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("report.html");

        ReportHtml.write(RESULT, file);

        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(ReportHtml.render(RESULT));
    }

    private static JsonNode data(String html) throws Exception {
        Matcher m = DATA.matcher(html);
        assertThat(m.find()).as("report-data script block").isTrue();
        return new ObjectMapper().readTree(m.group(1));
    }

    private static List<String> tags(String html, String regex) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(html);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    private static double[] decodeDeltas(JsonNode deltas, double quantum) {
        double[] out = new double[deltas.size()];
        long acc = 0;
        for (int i = 0; i < out.length; i++) {
            if (deltas.get(i).isNull()) {
                out[i] = Double.NaN;
            } else {
                acc += deltas.get(i).asLong();
                out[i] = acc * quantum;
            }
        }
        return out;
    }

    private static int[] decodeRuns(JsonNode runs) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < runs.size(); i += 2) {
            for (int k = 0; k < runs.get(i + 1).asInt(); k++) {
                out.add(runs.get(i).asInt());
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
