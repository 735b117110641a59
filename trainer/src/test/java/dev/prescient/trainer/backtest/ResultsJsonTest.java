package dev.prescient.trainer.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

class ResultsJsonTest {

    @Test
    void recordsTheInjectionThePeriodsFiguresAndWhenThePolicyWasDemoted() {
        BacktestResult r = SyntheticBacktest.withDemotion("synthetic.csv");

        JsonNode json = ResultsJson.toJson(r);

        assertThat(json.get("injections").toString())
                .isEqualTo("[{\"at\":\"2024-03-04T06:00:00Z\",\"factor\":2.0}]");
        JsonNode d = json.get("demotions").get(0);
        assertThat(d.get("from").asText()).isEqualTo("2024-03-04T13:00:00Z");
        assertThat(d.get("to").asText()).isEqualTo("2024-03-04T16:00:00Z");
        assertThat(d.get("minutes").asInt()).isEqualTo(180);
        assertThat(d.get("reason").asText()).isEqualTo(SyntheticBacktest.DEMOTED.reason());
        assertThat(d.get("end_reason").asText()).isEqualTo(SyntheticBacktest.DEMOTED.endReason());
        assertThat(json.get("judged_accuracy").toString()).isEqualTo(
                "{\"window\":\"24h\",\"max_mase\":1.43,\"max_mase_at\":\"2024-03-04T12:55:00Z\","
                        + "\"min_p90_coverage\":0.55,\"min_p90_coverage_at\":\"2024-03-04T13:00:00Z\",\"judgements\":412}");
        JsonNode period = json.get("period");
        assertThat(period.get("from").asText()).isEqualTo("2024-03-04T06:00:00Z");
        assertThat(period.get("to").asText()).isEqualTo("2024-03-06T00:00:00Z");
        PeriodFigures hpa = r.periodFigures().get(1);
        assertThat(period.get("policies").get("hpa").get("dropped_pct").asDouble()).isEqualTo(hpa.droppedPct());
        assertThat(period.get("policies").get("oracle").get("cost_vs_oracle").asDouble()).isEqualTo(1.0);
    }

    @Test
    void namesTheTraceFileItReplayed() {
        JsonNode json = ResultsJson.toJson(SyntheticBacktest.result("data/synthetic.csv"));

        assertThat(json.get("trace").asText()).isEqualTo("data/synthetic.csv");
        assertThat(json.has("workload")).isFalse();
        assertThat(json.has("query")).isFalse();
    }

    @Test
    void namesTheWorkloadAndItsQueryInsteadOfATrace() {
        BacktestResult r = SyntheticBacktest.result("unused.csv");
        BacktestResult replayed = new BacktestResult(new ReplaySource.WorkloadQuery("shop/api",
                "sum(rate(http_requests_total[5m]))"), r.minuteZero(), r.scenario(), r.demand(), r.policies(),
                r.forecasts(), r.tracks(), r.prescientDecisions(), r.demotions(), r.judgedAccuracy(), r.injections(),
                r.periodFromMinute(), r.signal(), r.frontier());

        JsonNode json = ResultsJson.toJson(replayed);

        assertThat(json.get("workload").asText()).isEqualTo("shop/api");
        assertThat(json.get("query").asText()).isEqualTo("sum(rate(http_requests_total[5m]))");
        assertThat(json.has("trace")).isFalse();
        assertThat(ResultsTable.render(replayed)).startsWith("backtest of workload shop/api "
                + "(sum(rate(http_requests_total[5m]))): ").contains("requests/s per pod");
        assertThat(ReportHtml.render(replayed)).contains("<title>Prescient backtest – shop/api</title>",
                "<p class=\"trace\">workload shop/api (sum(rate(http_requests_total[5m])))</p>",
                "<dd>100.0 requests/s</dd>");
    }

    @Test
    void leavesThePeriodOutWhenThereIsNone() {
        JsonNode json = ResultsJson.toJson(SyntheticBacktest.result("synthetic.csv"));

        assertThat(json.has("period")).isFalse();
        assertThat(json.has("judged_accuracy")).isFalse();
        assertThat(json.get("demotions")).isEmpty();
        assertThat(json.get("injections")).isEmpty();
    }
}
